// Interleaved little-endian records of columns, f64 or f32: the bytes a binary file source reads.

export function records(columns: ArrayLike<number>[], dtype: 'f64' | 'f32'): Uint8Array {
  const width = dtype === 'f64' ? 8 : 4;
  const rows = columns[0].length;
  const view = new DataView(new ArrayBuffer(rows * columns.length * width));
  for (let i = 0; i < rows; i++) {
    columns.forEach((column, k) => {
      const at = (i * columns.length + k) * width;
      if (dtype === 'f64') view.setFloat64(at, column[i], true);
      else view.setFloat32(at, column[i], true);
    });
  }
  return new Uint8Array(view.buffer);
}
