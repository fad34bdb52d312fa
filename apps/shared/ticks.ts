/**
 * Axis ticks at round numbers — steps of 1, 2 or 5 times a power of ten (Heckbert's "nice
 * numbers", Graphics Gems 1990) — and their labels, written with as many digits as the step
 * needs, so 0.1 + 0.2 shows as 0.3. Both plots use them: the command line's SVG and the page's
 * canvas.
 */

export interface Ticks {
  values: number[];
  step: number;
}

/** About `target` ticks within [lo, hi] (lo < hi): the round step whose count comes closest. */
export function niceTicks(lo: number, hi: number, target: number): Ticks {
  const power = 10 ** Math.floor(Math.log10((hi - lo) / target));
  const first = (step: number) => Math.ceil(lo / step - 1e-9);
  const count = (step: number) => Math.floor(hi / step + 1e-9) - first(step) + 1;
  const step = [1, 2, 5, 10]
    .map((m) => m * power)
    .reduce((best, s) => (Math.abs(count(s) - target) < Math.abs(count(best) - target) ? s : best));
  const values: number[] = [];
  for (let i = first(step); i < first(step) + count(step); i++) values.push(i * step);
  return { values, step };
}

export function tickLabel(value: number, step: number): string {
  if (Math.abs(value) < step * 1e-6) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const stepMagnitude = Math.floor(Math.log10(step) + 1e-9);
  // Beyond a million or below a ten-thousandth, fixed notation is too long to read.
  if (magnitude >= 6 || stepMagnitude < -4) return value.toExponential(Math.max(0, magnitude - stepMagnitude));
  return value.toFixed(Math.max(0, -stepMagnitude));
}
