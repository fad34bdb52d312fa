// The progress line, driven in-process with a stand-in terminal and clock (the spawned CLI's
// stderr is a pipe, where the line must not appear: fit.test.ts checks stderr is empty).
// Oracle: the throttle (≤ 10 redraws a second), the fields shown, the width, the erase.
import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../apps/cli/progress.ts';

function terminal(isTTY = true) {
  const writes: string[] = [];
  let time = 0;
  const stream = { isTTY, columns: 70, write: (text: string) => writes.push(text) };
  return { stream, writes, now: () => time, advance: (ms: number) => (time += ms) };
}

describe('ProgressLine', () => {
  it('is off when stderr is not a terminal, or with --quiet', () => {
    expect(ProgressLine.on(terminal(false).stream, false)).toBeUndefined();
    expect(ProgressLine.on(terminal(true).stream, true)).toBeUndefined();
    expect(ProgressLine.on(terminal(true).stream, false)).toBeInstanceOf(ProgressLine);
  });

  it('shows pass, iteration, rows, rows/s and cost, at most 10 times a second, erased at the end', () => {
    const t = terminal();
    const line = ProgressLine.on(t.stream, false, t.now)!;
    // 2 passes of 10 chunks of 100,000 rows, one chunk every 20 ms: 2 s of rows at 5 M rows/s.
    for (let pass = 0; pass < 2; pass++) {
      for (let chunk = 1; chunk <= 10; chunk++) {
        t.advance(20);
        line.fit({ pass, iteration: pass, rows: chunk * 100_000, cost: pass === 0 ? NaN : 0.125 });
      }
    }
    expect(t.writes.length).toBe(4); // at 20, 120, 220 and 320 ms: one redraw per 100 ms
    expect(t.writes.every((w) => w.startsWith('\r\x1b[K'))).toBe(true);
    expect(t.writes[0]).toBe('\r\x1b[Kfit: pass 1  iteration 0  100,000 rows  5.0 M rows/s');
    expect(t.writes[3]).toBe('\r\x1b[Kfit: pass 2  iteration 1  600,000 rows  5.0 M rows/s  cost 0.125000');
    t.advance(100);
    line.plot(500_000); // 2.5 M rows in 500 ms
    expect(t.writes[4]).toBe('\r\x1b[Kplot: 500,000 rows  5.0 M rows/s');
    line.clear();
    expect(t.writes[5]).toBe('\r\x1b[K');
    line.clear(); // nothing left to erase
    expect(t.writes).toHaveLength(6);
  });

  it('cuts the line to the terminal width, so the carriage return can redraw it', () => {
    const t = terminal();
    t.stream.columns = 30;
    ProgressLine.on(t.stream, false, t.now)!.fit({ pass: 0, iteration: 0, rows: 123_456_789, cost: 1 });
    expect(t.writes[0]).toBe('\r\x1b[K' + 'fit: pass 1  iteration 0  123,456,789'.slice(0, 29));
    const unknown = terminal();
    unknown.stream.columns = 0; // a terminal that does not know its size: 80 columns
    ProgressLine.on(unknown.stream, false, unknown.now)!.fit({ pass: 0, iteration: 0, rows: 1, cost: NaN });
    expect(unknown.writes[0]).toBe('\r\x1b[Kfit: pass 1  iteration 0  1 rows  0 k rows/s');
  });
});
