/**
 * Rows, streamed: the one mechanism that feeds every pass, whatever the data are.
 *
 * A chunk source — `{ chunks() }` returning a fresh Iterable or AsyncIterable of
 * `{ x, y, sigma? }` — is read once per pass; in-memory arrays are the source whose only chunk
 * is the whole arrays. The stream copies rows from the source's chunks into the arena window,
 * `max` at a time, whatever the sizes of the source's own chunks; with nanPolicy 'omit' it
 * skips rows holding NaN. It keeps no reference to a chunk after the pass has moved past it,
 * and it yields the promises of an async source to the driver, which awaits them (curveFit) or
 * refuses them (curveFitSync).
 */
import { FitError, describe } from '../errors.ts';

export type NumericArray = Float64Array | Float32Array | ArrayLike<number>;

/** x as one column, or as named columns `{ x1, x2 }` whose names the model uses. */
export type XInput = NumericArray | Record<string, NumericArray>;

/** One chunk of rows from a source. Its arrays may be reused for the next chunk. */
export interface Chunk {
  x: XInput;
  y: NumericArray;
  sigma?: NumericArray;
}

/** Data that is not in memory: `chunks()` is called once per pass and must give the same rows each time. */
export interface ChunkSource {
  chunks(): Iterable<Chunk> | AsyncIterable<Chunk>;
  /**
   * Optional: where the source's row `row` (0-based, counting every row its chunks give) is, as a
   * person finds it — `"decay.csv" line 7` — for the message of a bad value in that row. Called
   * only when a fit fails on that row; may read the file again to find it.
   */
  locateRow?(row: number): string | undefined;
  /**
   * Optional: called once when a fit that read the source ends — returned, threw or was aborted —
   * so that it drops what it kept between passes (fromCsvFile's binary copy of the parsed
   * columns). The source stays usable: the next fit's first pass starts afresh.
   */
  release?(): void;
}

/** A promise the driver must await before resuming (the next chunk of an async source). */
export type Wait = Promise<unknown>;

/** Where rows go: views of the arena window (or JS scratch for callback models), and how to copy. */
export interface ChunkTargets {
  x: Float64Array[];
  y: Float64Array;
  sigma: Float64Array | undefined;
  /** Copies source[start, start + n) into target[offset, offset + n). */
  copy(target: Float64Array, offset: number, source: NumericArray, start: number, n: number): void;
}

export function isChunkSource(value: unknown): value is ChunkSource {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && typeof (value as ChunkSource).chunks === 'function';
}

function isColumn(value: unknown): value is NumericArray {
  return value instanceof Float64Array || value instanceof Float32Array || Array.isArray(value);
}

/** What the first chunk says about every chunk: the variables, and whether sigma is given. */
interface Shape {
  variables: string[];
  labels: string[];
  hasSigma: boolean;
}

// Misuse is INVALID_ARGUMENT for arrays passed to curveFit, INVALID_SOURCE inside a chunk source.
type Invalid = 'INVALID_ARGUMENT' | 'INVALID_SOURCE';

function shapeOf(x: unknown, where: string, invalid: Invalid): Pick<Shape, 'variables' | 'labels'> {
  if (isColumn(x)) return { variables: ['x'], labels: ['x'] };
  if (x !== null && typeof x === 'object' && !ArrayBuffer.isView(x) && Object.keys(x).length > 0) {
    const variables = Object.keys(x);
    return { variables, labels: variables.map((name) => `x.${name}`) };
  }
  throw new FitError(invalid, `${where}x is ${describe(x)}; expected a Float64Array, Float32Array, number[] or named columns such as { x1, x2 }`);
}

// A chunk's columns, checked against the shape: x columns in the shape's order, then y, sigma.
function columnsOf(chunk: unknown, shape: Shape, where: string, invalid: Invalid, sigmaName: string) {
  if (chunk === null || typeof chunk !== 'object') {
    throw new FitError('INVALID_SOURCE', `${where}is ${describe(chunk)}; expected a chunk { x, y, sigma? }`);
  }
  const c = chunk as Record<string, unknown>;
  const named = !(shape.variables.length === 1 && shape.labels[0] === 'x');
  const x = named ? shape.variables.map((name) => (c.x as Record<string, unknown> | undefined)?.[name]) : [c.x];
  x.forEach((column, k) => {
    if (!isColumn(column)) throw new FitError(invalid, `${where}${shape.labels[k]} is ${describe(column)}; expected a Float64Array, Float32Array or number[]`);
  });
  if (!isColumn(c.y)) throw new FitError(invalid, `${where}y is ${describe(c.y)}; expected a Float64Array, Float32Array or number[]`);
  if (shape.hasSigma !== (c.sigma !== undefined)) {
    throw new FitError('INVALID_SOURCE', `${where}${shape.hasSigma ? 'has no sigma' : 'has sigma'}, unlike the first chunk; expected every chunk to give sigma or none to`);
  }
  if (c.sigma !== undefined && !isColumn(c.sigma)) throw new FitError(invalid, `${where}${sigmaName} is ${describe(c.sigma)}; expected a Float64Array, Float32Array or number[]`);
  const columns = { x: x as NumericArray[], y: c.y, sigma: c.sigma as NumericArray | undefined, rows: c.y.length };
  columns.x.forEach((column, k) => {
    if (column.length !== columns.x[0].length) {
      throw new FitError('LENGTH_MISMATCH', `${where}${shape.labels[k]} has ${column.length} rows and ${shape.labels[0]} has ${columns.x[0].length}; expected named columns of the same length`);
    }
  });
  if (columns.x[0].length !== columns.rows) {
    throw new FitError('LENGTH_MISMATCH', `${where}${shape.labels[0]} has ${columns.x[0].length} rows and y has ${columns.rows}; expected the same number`);
  }
  if (columns.sigma && columns.sigma.length !== columns.rows) {
    throw new FitError('LENGTH_MISMATCH', `${where}${sigmaName} has ${columns.sigma.length} rows and y has ${columns.rows}; expected the same number`);
  }
  return columns;
}

type Columns = ReturnType<typeof columnsOf>;

/** Streams a source's rows into the window, pass after pass. */
export class RowStream implements Shape {
  variables: string[] = [];
  labels: string[] = [];
  hasSigma = false;
  /** Rows in one pass, counted on the first (after omitting NaN rows). */
  rows = -1;
  /** Rows skipped for NaN on the first pass (nanPolicy 'omit'). */
  omitted = 0;
  /** The first chunk's columns, for a built-in model's guess. */
  first: Columns | undefined;

  readonly #source: ChunkSource;
  readonly #omitNaN: boolean;
  // The user's names: 'x' and 'y' for arrays, 'chunk 3 of pass 1: x' for a source.
  readonly #isArrays: boolean;
  /** True for in-memory arrays (whose one chunk may stay resident), false for a chunk source. */
  get isArrays(): boolean {
    return this.#isArrays;
  }
  #iterator: Iterator<Chunk> | AsyncIterator<Chunk> | undefined;
  #chunk: Columns | undefined;
  #chunkIndex = 0;
  #position = 0; // next row of the current chunk
  #consumed = 0; // source rows before the current chunk, in this pass
  #written = 0; // rows written this pass
  #pass = 0;
  // Source row numbers of the window's rows, for messages: every row when omitting NaN rows,
  // else [window offset, source row] at the start of each run copied from one chunk.
  #sourceRows: Float64Array | undefined;
  #runs: number[] = [];

  constructor(source: ChunkSource, omitNaN: boolean, isArrays: boolean) {
    this.#source = source;
    this.#omitNaN = omitNaN;
    this.#isArrays = isArrays;
  }

  #invalid(): Invalid {
    return this.#isArrays ? 'INVALID_ARGUMENT' : 'INVALID_SOURCE';
  }

  #columns(chunk: unknown): Columns {
    return columnsOf(chunk, this, this.#where(), this.#invalid(), this.sigmaLabel);
  }

  #where(): string {
    return this.#isArrays ? '' : `chunk ${this.#chunkIndex} of pass ${this.#pass + 1} of the source: `;
  }

  /** Reads the first chunk to learn the shape of every chunk (before the workspace is carved). */
  *open(): Generator<Wait, void, unknown> {
    this.#start();
    const chunk = yield* this.#next();
    if (chunk === undefined) throw new FitError('INVALID_SOURCE', 'the source gave no chunks; expected at least one chunk { x, y, sigma? }');
    if (chunk === null || typeof chunk !== 'object') throw new FitError('INVALID_SOURCE', `${this.#where()}is ${describe(chunk)}; expected a chunk { x, y, sigma? }`);
    this.#read(() => {
      Object.assign(this, shapeOf(chunk.x, this.#where(), this.#invalid()));
      this.hasSigma = chunk.sigma !== undefined;
      this.first = this.#chunk = this.#columns(chunk);
    });
  }

  // Runs `read` on what the caller gave (a chunk, an iterator's result): a getter or a Proxy that
  // throws is the source's failure (SOURCE_ERROR) or, for arrays passed to curveFit, the argument's.
  #read<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof FitError) throw error;
      if (!this.#isArrays) throw sourceError(error);
      throw new FitError('INVALID_ARGUMENT', `reading x, y or sigma threw: ${error instanceof Error ? error.message : describe(error)}; expected plain arrays`, { cause: error });
    }
  }

  /** Rows per window fill, so that the row map for error messages can be sized. */
  prepare(chunkRows: number): void {
    if (this.#omitNaN) this.#sourceRows = new Float64Array(chunkRows);
  }

  /** Starts a pass. The first pass continues from open()'s chunk; later ones call chunks() again. */
  begin(): void {
    if (this.#pass > 0) {
      this.#start();
      this.#chunk = undefined;
    }
    this.#consumed = 0;
    this.#position = 0;
    this.#written = 0;
    if (this.rows < 0) this.omitted = 0; // counted again until a pass is complete
  }

  #start(): void {
    let iterable: unknown;
    try {
      iterable = this.#source.chunks();
    } catch (error) {
      throw sourceError(error);
    }
    const it = iterable as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null | undefined;
    const make = (it?.[Symbol.asyncIterator] ?? it?.[Symbol.iterator]) as ((this: unknown) => Iterator<Chunk> | AsyncIterator<Chunk>) | undefined;
    if (typeof make !== 'function') {
      throw new FitError('INVALID_SOURCE', `source.chunks() returned ${describe(iterable)}; expected an Iterable or AsyncIterable of chunks { x, y, sigma? }`);
    }
    this.#iterator = make.call(iterable);
    this.#chunkIndex = 0;
  }

  *#next(): Generator<Wait, Chunk | undefined, unknown> {
    let result: IteratorResult<Chunk> | Promise<IteratorResult<Chunk>>;
    try {
      result = this.#iterator!.next();
    } catch (error) {
      throw sourceError(error);
    }
    if (result instanceof Promise) result = (yield result.catch((error) => Promise.reject(sourceError(error)))) as IteratorResult<Chunk>;
    if (result === null || typeof result !== 'object') {
      throw new FitError('INVALID_SOURCE', `the source's iterator returned ${describe(result)}; expected { done, value }`);
    }
    const step = result;
    return this.#read(() => {
      if (step.done) return undefined;
      this.#chunkIndex++;
      return step.value;
    });
  }

  /** Fills up to `max` rows into the targets; returns how many (0 at the end of the pass). */
  *fill(targets: ChunkTargets, max: number): Generator<Wait, number, unknown> {
    const first = this.rows < 0; // until a complete pass has counted the rows
    this.#runs.length = 0;
    let n = 0;
    while (n < max) {
      if (this.#chunk === undefined || this.#position >= this.#chunk.rows) {
        if (this.#chunk) this.#consumed += this.#chunk.rows;
        const chunk = yield* this.#next();
        this.#chunk = chunk === undefined ? undefined : this.#read(() => this.#columns(chunk));
        this.#position = 0;
        if (this.#chunk === undefined) break;
        continue;
      }
      n += this.#copyChecked(targets, n, max - n, first);
    }
    this.#written += n;
    return n;
  }

  // A plain array's elements may be getters (or a Proxy) that throw: that is the caller's code failing.
  #copyChecked(targets: ChunkTargets, offset: number, room: number, first: boolean): number {
    try {
      return this.#copy(targets, offset, room, first);
    } catch (error) {
      if (error instanceof FitError) throw error;
      throw new FitError('CALLBACK_ERROR', `${this.#where()}reading a row of the data threw: ${error instanceof Error ? error.message : describe(error)}; expected plain numbers`, { cause: error });
    }
  }

  // Copies from the current chunk; returns rows written (fewer than consumed when omitting).
  #copy(targets: ChunkTargets, offset: number, room: number, first: boolean): number {
    const chunk = this.#chunk!;
    const start = this.#position;
    const available = Math.min(room, chunk.rows - start);
    if (!this.#omitNaN) {
      chunk.x.forEach((column, k) => targets.copy(targets.x[k], offset, column, start, available));
      targets.copy(targets.y, offset, chunk.y, start, available);
      if (chunk.sigma) targets.copy(targets.sigma!, offset, chunk.sigma, start, available);
      this.#checkTypes(chunk, start, available); // every pass: a source may change its mind
      // Rows map one to one: record each run's first source row, not every row.
      this.#runs.push(offset, this.#consumed + start);
      this.#position += available;
      return available;
    }
    // Omit rows with NaN anywhere: one row at a time, so the window holds only kept rows.
    let n = 0;
    let i = start;
    for (; i < chunk.rows && n < room; i++) {
      let keep = !Number.isNaN(Number(chunk.y[i])) && !(chunk.sigma && Number.isNaN(Number(chunk.sigma[i])));
      for (let k = 0; keep && k < chunk.x.length; k++) keep = !Number.isNaN(Number(chunk.x[k][i]));
      if (!keep) {
        if (first) this.omitted++;
        continue;
      }
      this.#checkTypes(chunk, i, 1);
      chunk.x.forEach((column, k) => (targets.x[k][offset + n] = column[i]));
      targets.y[offset + n] = chunk.y[i];
      if (chunk.sigma) targets.sigma![offset + n] = chunk.sigma[i];
      this.#sourceRows![offset + n] = this.#consumed + i;
      n++;
    }
    this.#position = i;
    return n;
  }

  // A plain array may hold anything: reject non-numbers before Float64Array turns "3" into 3.
  #checkTypes(chunk: Columns, start: number, n: number): void {
    const check = (column: NumericArray, name: string) => {
      if (ArrayBuffer.isView(column)) return;
      for (let i = start; i < start + n; i++) {
        if (typeof column[i] !== 'number') throw new FitError('INVALID_ARGUMENT', `${this.#where()}${name}[${this.#consumed + i}] is ${describe(column[i])}; expected a number`);
      }
    };
    chunk.x.forEach((column, k) => check(column, this.labels[k]));
    check(chunk.y, 'y');
    if (chunk.sigma) check(chunk.sigma, this.sigmaLabel);
  }

  /** The source's row number of row i of the window just filled. */
  sourceRow(i: number): number {
    if (this.#omitNaN) return this.#sourceRows![i];
    const runs = this.#runs;
    let k = 0;
    while (k + 2 < runs.length && runs[k + 2] <= i) k += 2;
    return runs[k + 1] + (i - runs[k]);
  }

  /** Ends a pass: the first complete one counts the rows; later ones must see as many. */
  end(): void {
    const complete = this.#chunk === undefined;
    if (this.rows < 0) this.rows = this.#written;
    else if (complete && this.#written !== this.rows) {
      throw new FitError('SOURCE_CHANGED', `pass ${this.#pass + 1} over the source gave ${this.#written} rows and the first gave ${this.rows}; expected every call of chunks() to give the same rows`);
    }
    this.#close();
  }

  /** Ends a pass left before its last row (it met a value not finite): nothing is counted. */
  abandon(): void {
    this.#close();
  }

  #close(): void {
    this.#chunk = undefined;
    try {
      const done = this.#iterator?.return?.();
      if (done instanceof Promise) done.catch(() => undefined);
    } catch (error) {
      throw sourceError(error);
    }
    this.#iterator = undefined;
    this.#pass++;
  }

  /** How messages name sigma: the option for arrays, the chunks' field for a source. */
  get sigmaLabel(): string {
    return this.#isArrays ? 'options.sigma' : 'sigma';
  }

  /** True when the first chunk has a Float32 column (staged as it is, widened inside WASM). */
  get hasFloat32(): boolean {
    const first = this.first!;
    return [...first.x, first.y, ...(first.sigma ? [first.sigma] : [])].some((column) => column instanceof Float32Array);
  }

  /**
   * Lets the source clean up when a fit ends, also early: its iterator's return(), then its
   * release() (once: a fit closes its stream once, whichever way it ends).
   */
  close(): void {
    const iterator = this.#iterator;
    this.#iterator = undefined;
    this.#chunk = undefined;
    try {
      const done = iterator?.return?.();
      if (done instanceof Promise) done.catch(() => undefined);
    } catch {
      // a source whose return() throws has nothing more to say to a fit that is over
    }
    if (this.#released) return;
    this.#released = true;
    try {
      this.#source.release?.();
    } catch {
      // nor one whose release() throws: what it kept is its own
    }
  }

  #released = false;

  /** Where the source says its row `row` is, for the message of a bad value there; undefined if it cannot say. */
  locate(row: number): string | undefined {
    try {
      const where = this.#source.locateRow?.(row);
      return typeof where === 'string' && where !== '' ? where : undefined;
    } catch {
      return undefined; // a message by row index is still a message
    }
  }
}

/** What a source's own exception becomes: SOURCE_ERROR with it as the cause (a FitError stays itself). */
export function sourceError(error: unknown): FitError {
  if (error instanceof FitError) return error;
  return new FitError('SOURCE_ERROR', `the source threw: ${error instanceof Error ? error.message : describe(error)}`, { cause: error });
}

/**
 * Checks in-memory arrays at the door, as the first pass would: x one column or named columns,
 * y and sigma columns of x's length. The values themselves are checked as they are read.
 */
export function checkArrays(x: unknown, y: unknown, sigma: unknown): void {
  const shape = { ...shapeOf(x, '', 'INVALID_ARGUMENT'), hasSigma: sigma !== undefined };
  columnsOf({ x, y, sigma }, shape, '', 'INVALID_ARGUMENT', 'options.sigma');
}

/** Copies column[start, start + n) into target[offset, offset + n): typed arrays at once, plain arrays by element. */
export function copyColumn(target: Float64Array, offset: number, column: NumericArray, start: number, n: number): void {
  if (ArrayBuffer.isView(column)) target.set(column.subarray(start, start + n), offset);
  else for (let i = 0; i < n; i++) target[offset + i] = column[start + i];
}

/** In-memory arrays as a source whose only chunk is the whole arrays. */
export function arraySource(x: unknown, y: unknown, sigma: unknown): ChunkSource {
  const chunk = { x, y, sigma } as Chunk;
  if (sigma === undefined) delete chunk.sigma;
  return { chunks: () => [chunk] };
}
