/**
 * The columns fromParquetFile reads — top-level leaves of numbers, DOUBLE, FLOAT, INT32 or INT64
 * with no annotation but an integer one — how their values are stored (Kind), and what any other
 * column holds, as the Parquet specification names it, for the message that refuses it.
 */
import type { SchemaElement, SchemaTree } from 'hyparquet';
import { FitError } from '../../../errors.ts';

/** A numeric column's values, as stored: float64, float32, (un)signed int32 or int64. */
export type Kind = 'f64' | 'f32' | 'i32' | 'u32' | 'i64' | 'u64';

export function kindOf(element: SchemaElement): Kind {
  const l = element.logical_type;
  const unsigned = element.converted_type?.startsWith('UINT_') === true || (l?.type === 'INTEGER' && !l.isSigned);
  if (element.type === 'DOUBLE') return 'f64';
  if (element.type === 'FLOAT') return 'f32';
  if (element.type === 'INT32') return unsigned ? 'u32' : 'i32';
  return unsigned ? 'u64' : 'i64';
}

const NUMERIC = ['DOUBLE', 'FLOAT', 'INT32', 'INT64'];
const INTEGER_ANNOTATIONS = ['INT_8', 'INT_16', 'INT_32', 'INT_64', 'UINT_8', 'UINT_16', 'UINT_32', 'UINT_64'];

/** A column this reads: a top-level leaf of numbers, with no annotation but an integer one. */
export function checkType(tree: SchemaTree, option: string, where: string): void {
  const element = tree.element;
  const numeric = tree.children.length === 0 && element.repetition_type !== 'REPEATED' && NUMERIC.includes(element.type ?? '') &&
    (element.logical_type === undefined || element.logical_type.type === 'INTEGER') &&
    (element.converted_type === undefined || INTEGER_ANNOTATIONS.includes(element.converted_type));
  if (!numeric) {
    throw new FitError('INVALID_FILE', `${option} is ${JSON.stringify(element.name)}, a column of ${where} that holds ${typeName(tree)}; expected numbers: DOUBLE, FLOAT, INT32 or INT64 (cast it when writing the file, such as pyarrow's pa.float64())`);
  }
}

/** A column's type as the Parquet specification names it: `INT64 (TIMESTAMP(MILLIS))`, `a list`. */
function typeName(tree: SchemaTree): string {
  const e: SchemaElement = tree.element;
  if (tree.children.length > 0 || e.type === undefined) {
    const kind = e.logical_type?.type ?? e.converted_type;
    return kind === 'LIST' ? 'a list' : kind === 'MAP' || kind === 'MAP_KEY_VALUE' ? 'a map' : kind === 'VARIANT' ? 'a variant' : 'a group of columns (a struct)';
  }
  if (e.repetition_type === 'REPEATED') return `a repeated ${e.type} (a list)`;
  const l = e.logical_type;
  const annotation = l === undefined ? e.converted_type
    : l.type === 'DECIMAL' ? `DECIMAL(${l.precision}, ${l.scale})`
    : l.type === 'TIMESTAMP' || l.type === 'TIME' ? `${l.type}(${l.unit})`
    : l.type;
  return `${e.type}${annotation ? ` (${annotation})` : ''} values`;
}
