/**
 * STUB (replaced by the byte-level parser): parses the ASCII bytes [start, end) of `bytes` as a
 * decimal number with `decimal` (46 '.' or 44 ',') as its separator; NaN when they are not one.
 */
export function parseNumber(bytes: Uint8Array, start: number, end: number, decimal: number): number {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i] === decimal ? 46 : bytes[i] === 46 && decimal !== 46 ? 0 : bytes[i]);
  if (text.trim() === '') return NaN;
  const value = Number(text);
  return value;
}
