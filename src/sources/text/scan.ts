/**
 * The byte scanner: UTF-8 blocks in, Float64Array columns out, a chunk at a time — the inner loop
 * of fromCsvFile and parseDelimited. A push parser: feed() hands it a block, scan() fills the
 * columns until they are full (true: take them, then scan again) or the block is used up (false:
 * feed the next). A row that the block cuts short is carried into the next: the scanner copies
 * its bytes (at most MAX_ROW_BYTES), so a caller may reuse a block once scan() has returned false.
 *
 * The fast path reads a row straight from the bytes: the delimiter found by comparing bytes, no
 * string made for a line or a field, parseNumber (number.ts) called only for the requested
 * fields, unselected ones only stepped over. Anything it does not read itself — options.skipLines
 * and the header, blank and comment lines, a quoted field (RFC 4180: "" inside, or a line break
 * inside), a row of another width, a cell that is not a number — sends that one row to the
 * reference path (record.ts: readRow), which reads it completely or says what is wrong with it.
 * Both paths give the same values: the fast one is only faster.
 *
 * Errors are PARSE_ERROR naming the source, the line and the character column as an editor shows
 * them, the text seen, what was expected, and the option that would fix it.
 */
import { COMMA, CR, DOT, LF, QUOTE, SPACE, TAB, lineEndAt, textOf } from './bytes.ts';
import { isMissing, Kind, kindOf, readCell } from './cell.ts';
import type { Layout } from './layout.ts';
import { commentHint, fail, place, plural, quoted, spelled, type Where } from './messages.ts';
import { parseNumber } from './number.ts';
import { fieldText, lineKind, LineKind, readRow, skipLine, type Field, type Row } from './record.ts';

/**
 * The longest row carried from one block into the next: 1 MiB. A row of numbers is never near it;
 * the cap stops a file without line ends, or with a quote that never closes, from being read
 * whole into memory.
 */
export const MAX_ROW_BYTES = 1 << 20;

const EMPTY: Uint8Array = new Uint8Array(0);

export class Scanner {
  /** One column per requested column, in the order asked, chunkRows long; rows [0, rows) are filled. */
  readonly columns: Float64Array[];
  /** Rows filled since the last take(). */
  rows = 0;
  /** The first line of each filled row, when asked for (to locate a row); else undefined. */
  readonly rowLines: Float64Array | undefined;

  readonly #layout: Layout;
  readonly #where: Where;
  readonly #chunkRows: number;
  /** Per field of a row, the requested column it fills (-1: none). A field may fill several. */
  readonly #slots: Int32Array;
  /** A second column filled by the same field (options.x and options.y the same column, say): [slot, from slot] pairs. */
  readonly #copies: number[] = [];
  readonly #commentFirst: number;

  #buf: Uint8Array = EMPTY;
  #pos = 0;
  #end = 0;
  #last = false;
  /** The carried bytes of a row the previous block cut, at #work[0, #carry). */
  #work: Uint8Array = EMPTY;
  #carry = 0;
  /** The line number at #pos. */
  #line = 1;
  /** Lines of options.skipLines still to pass, and whether the header row is still ahead. */
  #skip: number;
  #header: boolean;

  constructor(layout: Layout, where: Where, chunkRows: number, locate = false, columns?: Float64Array[]) {
    this.#layout = layout;
    this.#where = where;
    this.#chunkRows = chunkRows;
    this.columns = columns ?? layout.fields.map(() => new Float64Array(chunkRows));
    this.rowLines = locate ? new Float64Array(chunkRows) : undefined;
    this.#slots = new Int32Array(layout.width).fill(-1);
    layout.fields.forEach((field, k) => {
      if (this.#slots[field] < 0) this.#slots[field] = k;
      else this.#copies.push(k, this.#slots[field]);
    });
    this.#commentFirst = layout.comment === undefined ? -1 : layout.comment[0];
    this.#skip = layout.skipLines;
    this.#header = layout.headerRow;
  }

  /** Hands over the next block (`last`: the final one). Call only once scan() has returned false. */
  feed(bytes: Uint8Array, last: boolean): void {
    if (this.#carry > 0) {
      const need = this.#carry + bytes.length;
      if (this.#work.length < need) {
        const grown = new Uint8Array(Math.max(need, this.#work.length * 2));
        grown.set(this.#work.subarray(0, this.#carry));
        this.#work = grown;
      }
      this.#work.set(bytes, this.#carry);
      this.#buf = this.#work;
      this.#end = need;
      this.#carry = 0;
    } else {
      this.#buf = bytes;
      this.#end = bytes.length;
    }
    this.#pos = 0;
    this.#last = last;
  }

  /** Empties the columns for the next chunk. */
  take(): void {
    this.rows = 0;
  }

  /**
   * Reads rows from the block into the columns: true when they are full (take() them, then call
   * again), false when the block is used up (feed the next, or after the last, the rows filled
   * are the end). Throws PARSE_ERROR at the first row that does not read.
   */
  scan(): boolean {
    const buf = this.#buf;
    const end = this.#end;
    const last = this.#last;
    const { delimiter, decimal, width } = this.#layout;
    const slots = this.#slots;
    const columns = this.columns;
    const chunkRows = this.#chunkRows;
    const commentFirst = this.#commentFirst;
    const tabIsBlank = delimiter !== TAB;
    let pos = this.#pos;
    let rows = this.rows;
    while (pos < end) {
      if (rows === chunkRows) break;
      const start = pos;
      let p = pos;
      let c = 0;
      while (p < end && ((c = buf[p]) === SPACE || (c === TAB && tabIsBlank))) p++;
      let fast = !(this.#skip > 0 || this.#header || p === end || c === LF || c === CR || c === commentFirst || c === QUOTE);
      let fields = 0;
      if (fast && delimiter >= 0) {
        // One field per turn: p is at its first non-blank byte, c that byte.
        for (;;) {
          const s = p;
          while (p < end && (c = buf[p]) !== delimiter && c !== LF && c !== CR) p++;
          if (p === end) {
            if (!last) return this.#stop(start, rows, true);
            c = LF;
          }
          const slot = fields < width ? slots[fields] : -1;
          if (slot >= 0) {
            let e = p;
            let b: number;
            while (e > s && ((b = buf[e - 1]) === SPACE || (b === TAB && tabIsBlank))) e--;
            const value = parseNumber(buf, s, e, decimal);
            if (value !== value && !isMissing(buf, s, e)) {
              fast = false;
              break;
            }
            columns[slot][rows] = value;
          }
          fields++;
          if (c !== delimiter) break;
          p++;
          while (p < end && ((c = buf[p]) === SPACE || (c === TAB && tabIsBlank))) p++;
          if (p === end) {
            if (!last) return this.#stop(start, rows, true);
            c = LF;
          } else if (c === QUOTE) {
            fast = false;
            break;
          }
        }
      } else if (fast) {
        // Runs of blanks: p is at the row's first non-blank byte.
        for (;;) {
          if (c === QUOTE) {
            fast = false;
            break;
          }
          const s = p;
          while (p < end && (c = buf[p]) !== SPACE && c !== TAB && c !== LF && c !== CR) p++;
          if (p === end && !last) return this.#stop(start, rows, true);
          const slot = fields < width ? slots[fields] : -1;
          if (slot >= 0) {
            const value = parseNumber(buf, s, p, decimal);
            if (value !== value && !isMissing(buf, s, p)) {
              fast = false;
              break;
            }
            columns[slot][rows] = value;
          }
          fields++;
          while (p < end && ((c = buf[p]) === SPACE || c === TAB)) p++;
          if (p === end) {
            if (!last) return this.#stop(start, rows, true);
            break;
          }
          if (c === LF || c === CR) break;
        }
      }
      if (fast && fields === width) {
        // The line end: \n, \r\n or \r.
        if (p < end) {
          if (buf[p] === CR) {
            if (p + 1 < end) p += buf[p + 1] === LF ? 2 : 1;
            else if (last) p++;
            else return this.#stop(start, rows, true);
          } else p++;
        }
        if (this.rowLines !== undefined) this.rowLines[rows] = this.#line;
        this.#line++;
        rows++;
        pos = p;
        continue;
      }
      // Everything else, one row (or skipped line) at a time.
      this.rows = rows;
      const next = this.#general(start);
      if (next < 0) return this.#stop(start, this.rows, true);
      rows = this.rows;
      pos = next;
    }
    if (rows === chunkRows) {
      this.#pos = pos;
      this.rows = rows;
      this.#copy();
      return true;
    }
    return this.#stop(pos, rows, false);
  }

  /** Ends a scan at `start`: the bytes from there on are carried (when `cut`, a row the block cut short). */
  #stop(start: number, rows: number, cut: boolean): boolean {
    this.rows = rows;
    const n = this.#end - start;
    if (cut && n > 0) {
      if (n > MAX_ROW_BYTES) this.#tooLong(start);
      if (this.#buf === this.#work) this.#work.copyWithin(0, start, this.#end);
      else {
        if (this.#work.length < n) this.#work = new Uint8Array(Math.max(n, 4096, this.#work.length * 2));
        this.#work.set(this.#buf.subarray(start, this.#end));
      }
      this.#carry = n;
    }
    this.#pos = this.#end;
    this.#copy();
    return false;
  }

  /** Fills the columns that read the same field as an earlier one. */
  #copy(): void {
    const copies = this.#copies;
    for (let k = 0; k < copies.length; k += 2) this.columns[copies[k]].set(this.columns[copies[k + 1]].subarray(0, this.rows));
  }

  /** Reads the line at `start` the slow, complete way; returns where the next starts (-1: it does not end in the block). */
  #general(start: number): number {
    const buf = this.#buf;
    const end = this.#end;
    const last = this.#last;
    const layout = this.#layout;
    if (this.#skip > 0) {
      const next = skipLine(buf, start, end, last);
      if (next < 0) return -1;
      this.#skip--;
      this.#line++;
      return next;
    }
    const kind = lineKind(buf, start, end, last, layout.comment);
    if (kind === LineKind.INCOMPLETE) return -1;
    if (kind !== LineKind.ROW) {
      const next = skipLine(buf, start, end, last);
      if (next >= 0) this.#line++;
      return next;
    }
    const row = readRow(buf, start, end, last, layout.delimiter, this.#line, this.#where);
    if (row === undefined) return -1;
    if (this.#header) {
      this.#header = false;
    } else {
      this.#store(row);
      if (this.rowLines !== undefined) this.rowLines[this.rows] = row.line;
      this.rows++;
    }
    this.#line += row.lines;
    return row.next;
  }

  /** The requested fields of `row` into the columns; PARSE_ERROR for a row of another width or a cell that is not a number. */
  #store(row: Row): void {
    const { width, fields, decimal } = this.#layout;
    const cells = row.fields;
    // Fields past the table's width are allowed when empty: a row that ends with a delimiter.
    if (cells.length !== width && !(cells.length > width && cells.slice(width).every((f) => f.end === f.start))) this.#widthError(row);
    const buf = this.#buf;
    for (let k = 0; k < fields.length; k++) {
      const field = cells[fields[k]];
      const value = field.escaped ? undefined : readCell(buf, field.start, field.end, decimal);
      if (value === undefined) this.#cellError(row, field, k);
      this.columns[k][this.rows] = value!;
    }
  }

  /** The row's text for a message: its first line, trimmed. */
  #rowText(row: Row): string {
    return textOf(this.#buf, row.start, lineEndAt(this.#buf, row.start, this.#end)).trim();
  }

  #widthError(row: Row): never {
    const { width, fields, labels, delimiter, commentText } = this.#layout;
    const where = this.#where;
    const count = row.fields.length;
    const text = this.#rowText(row);
    const at = count < width ? place(where, row.line + row.lines - 1, row.endColumn) : place(where, row.fields[width].line, row.fields[width].column);
    const missing = fields.findIndex((field) => field >= count);
    const consequence = missing >= 0 ? `, so ${labels[missing]} is missing` : '';
    const what = where.file === undefined ? 'text' : 'file';
    throw fail(
      where, 'PARSE_ERROR',
      `${at}: the row has ${plural(count, 'field')} but the table has ${width}${consequence}: ${quoted(text)}; expected ${width} fields separated by ${spelled(delimiter)}${commentHint(text, commentText) || `; set options.delimiter if the ${what} is split on another character`}`,
    );
  }

  #cellError(row: Row, field: Field, k: number): never {
    const { labels, decimal, delimiter, commentText } = this.#layout;
    const buf = this.#buf;
    const text = fieldText(buf, field).trim();
    const kind = field.escaped ? Kind.Text : kindOf(buf, field.start, field.end);
    let hint = commentHint(this.#rowText(row), commentText);
    if (decimal === DOT && kind === Kind.Comma && delimiter !== COMMA) hint = '; set options.decimal: "," if the numbers are written with decimal commas';
    else if (decimal === COMMA && kind === Kind.Dot) hint = '; set options.decimal: "." if the numbers are written with decimal points';
    throw fail(
      this.#where, 'PARSE_ERROR',
      `${place(this.#where, field.line, field.column)}: ${quoted(text)} in ${labels[k]} is not a number; expected a number such as 1.5 or -2e-3, or a missing value (an empty cell, NA or NaN)${hint}`,
    );
  }

  #tooLong(start: number): never {
    const buf = this.#buf;
    const head = textOf(buf, start, Math.min(this.#end, start + 40));
    const quote = buf.subarray(start, this.#end).indexOf(QUOTE) >= 0;
    throw fail(
      this.#where, 'PARSE_ERROR',
      `${place(this.#where, this.#line)}: a row runs on for more than ${MAX_ROW_BYTES} bytes without ending (it starts ${quoted(head)}); expected rows that end in \\n, \\r\\n or \\r${quote ? ', and every double quote that opens a field closed' : ''}`,
    );
  }
}
