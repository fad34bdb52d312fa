// The points on the page: two Float64Arrays and their ranges, found once (plots reuse them).

export interface Dataset {
  x: Float64Array;
  y: Float64Array;
  xRange: [number, number];
  yRange: [number, number];
  label: string;
}

export function datasetOf(x: Float64Array, y: Float64Array, label: string): Dataset {
  return { x, y, xRange: extent(x), yRange: extent(y), label };
}

export function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
