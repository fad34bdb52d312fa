// A composite model's tree (node.ts) written out as one arenafit expression, with its parameter
// names, variables and label — what the compiler, the fit and the report get.
//
//   - A prefix goes in front of every parameter of its leaf ('g1_' + 'A' = 'g1_A'), token by
//     token: variables, functions and constants keep their names.
//   - The offset rule: a built-in's constant offset (BuiltinModel.offset: gaussian's c, linear's
//     intercept, polynomialN's c0, logistic's bottom, …) is collinear with every other offset of
//     the same sum, so a sum keeps ONE: the first linear or polynomial term's (its constant is the
//     baseline's), else the first term's that has one; every other term is written without its
//     offset (the term `+ c` removed; an offset that appears elsewhere in the expression, as
//     logistic's bottom in (top - bottom), is set to 0). A product keeps its factors' offsets, and
//     an expression's constants are its own (the rule knows only the built-ins' offsets).
//   - Names must be distinct across leaves: two leaves with one name are NAME_COLLISION — a sum
//     never shares a parameter silently.
import { FitError } from '../../errors.ts';
import { builtinModel, type BuiltinModel } from '../builtin/index.ts';
import { CONSTANTS, FUNCTIONS, parse } from '../expression/parse.ts';
import { variablesRead } from '../expression/reads.ts';
import { tokenize } from '../expression/tokenize.ts';
import { RESERVED_NAMES } from '../reserved-names.ts';
import { leavesOf, type LeafNode, type ModelNode } from './node.ts';

/** A leaf with what rendering and guessing need of it. */
export interface Leaf {
  node: LeafNode;
  label: string;
  /** The leaf's own expression, without prefix ('' for a callback). */
  source: string;
  /** Its parameters without prefix, in order of first appearance. */
  parameters: string[];
  /** The variables it reads. */
  variables: string[];
  builtin?: BuiltinModel;
  /** The built-in's offset parameter, without prefix. */
  offset?: string;
  /** A linear or polynomial term: its constant is the one a sum keeps. */
  baseline: boolean;
  /** True when the sum it is a term of keeps another term's offset instead of its own. */
  dropped: boolean;
}

export interface Rendered {
  expression: string;
  names: string[];
  variables: string[];
  label: string;
  /** Every leaf, left to right. */
  leaves: Leaf[];
  /** The leaf of each leaf node. */
  leafOf: Map<LeafNode, Leaf>;
}

const BASELINES = /^(linear|polynomial\d+)$/;

/** The parameters of each built-in's expression, parsed once. */
const builtinParameters = new Map<string, string[]>();

function leafOf(node: LeafNode): Leaf {
  if (node.kind === 'builtin') {
    const builtin = builtinModel(node.name);
    if (!builtin) throw new FitError('UNKNOWN_MODEL', `model "${node.name}" is not a built-in model`);
    let parameters = builtinParameters.get(builtin.name);
    if (!parameters) builtinParameters.set(builtin.name, (parameters = parse(builtin.expression, ['x']).parameters));
    return {
      node, builtin, parameters, source: builtin.expression, variables: ['x'], offset: builtin.offset,
      label: node.prefix ? `${builtin.name}:${node.prefix}` : builtin.name,
      baseline: BASELINES.test(builtin.name), dropped: false,
    };
  }
  if (node.kind === 'expression') {
    const { parameters } = parse(node.source, node.variables);
    const source = node.source.trim();
    return {
      node, parameters, source, variables: variablesRead(node.source, node.variables),
      label: node.prefix ? `(${source}):${node.prefix}` : source, baseline: false, dropped: false,
    };
  }
  return {
    node, parameters: node.names ?? [], source: '', variables: ['x'],
    label: node.prefix ? `callback:${node.prefix}` : 'callback', baseline: false, dropped: false,
  };
}

/** A leaf's parameter names with its prefix, less a dropped offset. */
export function leafNames(leaf: Leaf): string[] {
  const kept = leaf.dropped ? leaf.parameters.filter((name) => name !== leaf.offset) : leaf.parameters;
  return kept.map((name) => leaf.node.prefix + name);
}

/** The name a leaf's parameter has in the whole model. */
export function nameIn(leaf: Leaf, parameter: string): string {
  return leaf.node.prefix + parameter;
}

/** Refuses a prefix that would turn a parameter into a function, a constant, a variable or a reserved name. */
function checkPrefixed(leaf: Leaf): void {
  const prefix = leaf.node.prefix;
  if (!prefix) return;
  for (const parameter of leaf.parameters) {
    const name = prefix + parameter;
    const clash =
      (FUNCTIONS as readonly string[]).includes(name) ? 'a function of the expression language'
      : CONSTANTS.has(name) ? 'a constant of the expression language'
      : (leaf.node.kind === 'expression' ? leaf.node.variables : leaf.variables).includes(name) ? 'a variable'
      : RESERVED_NAMES.has(name) ? 'a property of every JavaScript object'
      : undefined;
    if (clash) {
      throw new FitError('INVALID_OPTION', `options.prefix "${prefix}" makes the parameter ${parameter} of ${leaf.label} "${name}", the name of ${clash}; expected another prefix`);
    }
  }
}

/** Writes the tree out: see the file's header. */
export function renderModel(node: ModelNode): Rendered {
  const leafNodes = leavesOf(node);
  const leafMap = new Map<LeafNode, Leaf>(leafNodes.map((leaf) => [leaf, leafOf(leaf)]));
  const leaves = leafNodes.map((leaf) => leafMap.get(leaf)!);
  if (leaves.length > 1 && leaves.some((leaf) => leaf.node.kind === 'callback')) {
    throw new FitError('INVALID_ARGUMENT', 'model: a callback model cannot be combined with plus or times; expected built-in models and expressions, or one callback that computes the whole sum');
  }
  markDropped(node, leafMap);
  leaves.forEach(checkPrefixed);
  checkCollisions(leaves);
  const variables = [...new Set(leaves.flatMap((leaf) => leaf.variables))];
  if (leaves.length === 1 && leaves[0].node.kind === 'callback') {
    return { expression: '', names: leafNames(leaves[0]), variables, label: leaves[0].label, leaves, leafOf: leafMap };
  }
  const expression = write(node, leafMap);
  return { expression, names: parse(expression, variables).parameters, variables, label: labelOf(node, leafMap, false), leaves, leafOf: leafMap };
}

/** The offset rule, for every sum in the tree. */
function markDropped(node: ModelNode, leaves: Map<LeafNode, Leaf>): void {
  if (node.kind === 'product') return node.factors.forEach((factor) => markDropped(factor, leaves));
  if (node.kind !== 'sum') return;
  node.terms.forEach((term) => markDropped(term, leaves));
  const withOffset = node.terms.flatMap((term) => {
    const leaf = leaves.get(term as LeafNode);
    return leaf?.offset ? [leaf] : [];
  });
  const kept = withOffset.find((leaf) => leaf.baseline) ?? withOffset[0];
  for (const leaf of withOffset) leaf.dropped = leaf !== kept;
}

function checkCollisions(leaves: Leaf[]): void {
  const owner = new Map<string, Leaf>();
  for (const leaf of leaves) {
    for (const name of leafNames(leaf)) {
      const first = owner.get(name);
      if (first) {
        const hint = leaf.builtin ? `model('${leaf.builtin.name}', { prefix: '${suggestPrefix(leaf, leaves)}' }), or '${leaf.builtin.name}:${suggestPrefix(leaf, leaves)}' in a model string` : "model(expression, { prefix: 'p2_' })";
        throw new FitError(
          'NAME_COLLISION',
          `model: ${first.label} and ${leaf.label} both have a parameter named "${name}"; expected distinct names: give one of them a prefix, such as ${hint}`,
        );
      }
      owner.set(name, leaf);
    }
  }
}

/** A prefix no leaf uses yet: the built-in's first letter and a number ('g2_'). */
function suggestPrefix(leaf: Leaf, leaves: Leaf[]): string {
  const used = new Set(leaves.map((l) => l.node.prefix));
  const stem = leaf.builtin!.name[0];
  let k = 2;
  while (used.has(`${stem}${k}_`)) k++;
  return `${stem}${k}_`;
}

function write(node: ModelNode, leaves: Map<LeafNode, Leaf>): string {
  if (node.kind === 'sum') return node.terms.map((term) => write(term, leaves)).join(' + ');
  if (node.kind === 'product') {
    return node.factors.map((factor) => {
      const text = write(factor, leaves);
      return hasTopLevelSum(text) ? `(${text})` : text;
    }).join('*');
  }
  const leaf = leaves.get(node)!;
  return writeLeaf(leaf);
}

/** True when `text` adds or subtracts outside parentheses: as a factor it needs them. */
function hasTopLevelSum(text: string): boolean {
  const pieces = piecesOf(text);
  let depth = 0;
  return pieces.some((piece, i) => {
    if (isOperator(piece, '(')) depth++;
    if (isOperator(piece, ')')) depth--;
    return depth === 0 && isOperator(piece, '+', '-') && endsOperand(pieces[i - 1]);
  });
}

function labelOf(node: ModelNode, leaves: Map<LeafNode, Leaf>, nested: boolean): string {
  if (node.kind === 'sum') {
    const text = node.terms.map((term) => labelOf(term, leaves, true)).join(' + ');
    return nested ? `(${text})` : text;
  }
  if (node.kind === 'product') return node.factors.map((factor) => labelOf(factor, leaves, true)).join(' * ');
  const leaf = leaves.get(node)!;
  return nested && node.kind === 'expression' && !node.prefix && hasTopLevelSum(leaf.source) ? `(${leaf.label})` : leaf.label;
}

// ---------------------------------------------------------------------------------------------
// A leaf's expression, token by token: prefix, offset dropped.

interface Piece {
  kind: 'number' | 'name' | 'operator' | 'invalid';
  text: string;
  /** The whitespace before it in the source. */
  gap: string;
}

function piecesOf(source: string): Piece[] {
  const pieces: Piece[] = [];
  let end = 0;
  for (const token of tokenize(source)) {
    if (token.kind === 'end') break;
    pieces.push({ kind: token.kind, text: token.text, gap: source.slice(end, token.column - 1) });
    end = token.column - 1 + token.text.length;
  }
  return pieces;
}

const isOperator = (piece: Piece | undefined, ...texts: string[]) => piece?.kind === 'operator' && texts.includes(piece.text);
/** True when the piece ends an operand: a '+' or '-' after it is binary. */
const endsOperand = (piece: Piece | undefined) => piece !== undefined && (piece.kind === 'number' || piece.kind === 'name' || isOperator(piece, ')'));

function writeLeaf(leaf: Leaf): string {
  let pieces = piecesOf(leaf.source);
  if (leaf.dropped && leaf.offset) pieces = withoutOffset(pieces, leaf.offset);
  const prefix = leaf.node.prefix;
  if (prefix) {
    const parameters = new Set(leaf.parameters);
    // A name followed by '(' is a function; only parameters take the prefix.
    pieces = pieces.map((piece, i) => (piece.kind === 'name' && parameters.has(piece.text) && !isOperator(pieces[i + 1], '(') ? { ...piece, text: prefix + piece.text } : piece));
  }
  return pieces.map((piece, i) => (i === 0 ? '' : piece.gap) + piece.text).join('');
}

/**
 * The expression without its offset: the top-level term `+ offset` (or a leading `offset +`)
 * removed; any other occurrence set to 0, and the `- 0`, `+ 0` and `(name)` that leaves tidied.
 */
function withoutOffset(source: Piece[], offset: string): Piece[] {
  let pieces = source.slice();
  let depth = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (isOperator(piece, '(')) depth++;
    if (isOperator(piece, ')')) depth--;
    if (depth !== 0 || piece.kind !== 'name' || piece.text !== offset) continue;
    const before = pieces[i - 1];
    const after = pieces[i + 1];
    const termEnds = after === undefined || isOperator(after, '+', '-');
    if (!termEnds) continue;
    if (before === undefined) {
      // Leading: 'c0 + c1*x' → 'c1*x'; 'c - a*x' → '-a*x'.
      pieces.splice(i, isOperator(after, '+') ? 2 : 1);
      if (pieces.length > 0) pieces[0] = { ...pieces[0], gap: '' };
      break;
    }
    if (isOperator(before, '+') && endsOperand(pieces[i - 2])) {
      pieces.splice(i - 1, 2);
      break;
    }
  }
  if (!pieces.some((piece) => piece.kind === 'name' && piece.text === offset)) return pieces;
  pieces = pieces.map((piece) => (piece.kind === 'name' && piece.text === offset ? { ...piece, kind: 'number', text: '0' } : piece));
  // 'top - 0)' → 'top)'
  for (let i = 1; i < pieces.length; i++) {
    const zero = pieces[i];
    if (zero.kind !== 'number' || zero.text !== '0') continue;
    const after = pieces[i + 1];
    if (isOperator(pieces[i - 1], '+', '-') && endsOperand(pieces[i - 2]) && (after === undefined || isOperator(after, ')', '+', '-'))) {
      pieces.splice(i - 1, 2);
      i -= 2;
    }
  }
  // '(top)' → 'top', unless the parentheses are a call's
  for (let i = 0; i + 2 < pieces.length; i++) {
    if (isOperator(pieces[i], '(') && pieces[i + 1].kind !== 'operator' && isOperator(pieces[i + 2], ')') && pieces[i - 1]?.kind !== 'name') {
      pieces.splice(i, 3, { ...pieces[i + 1], gap: pieces[i].gap });
    }
  }
  return pieces;
}
