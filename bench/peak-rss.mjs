// What the memory benches share (bench/memory.mjs, confidence-memory.mjs, global-memory.mjs):
// the kernel's peak-RSS counter of this process, reset just before the measured work, and files
// of (x, y) float64 records written a block at a time, so that writing them costs no memory.
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';

/** A field of /proc/self/status in bytes: 'VmRSS' now, 'VmHWM' the peak since resetPeak(). */
export function status(field) {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(field + ':'));
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** Collects garbage and sets VmHWM to VmRSS (Linux: 5 > /proc/self/clear_refs); returns VmRSS. */
export function resetPeak() {
  globalThis.gc?.();
  globalThis.gc?.();
  writeFileSync('/proc/self/clear_refs', '5');
  return status('VmRSS');
}

/**
 * Writes `n` records (x, y) of float64 to `path`, after `header` bytes if given: `fill(x, y,
 * start, m)` puts rows start … start + m − 1 into the block's columns.
 */
export function writeRecords(path, n, fill, { header, block = 1 << 20 } = {}) {
  const fd = openSync(path, 'w');
  if (header) writeSync(fd, header);
  const x = new Float64Array(block);
  const y = new Float64Array(block);
  const records = new Float64Array(2 * block);
  for (let start = 0; start < n; start += block) {
    const m = Math.min(block, n - start);
    fill(x, y, start, m);
    for (let i = 0; i < m; i++) {
      records[2 * i] = x[i];
      records[2 * i + 1] = y[i];
    }
    writeSync(fd, new Uint8Array(records.buffer, 0, 16 * m));
  }
  closeSync(fd);
}
