import jsep from 'jsep';

/*
 * Strategy rule expressions: parsed by jsep, then compiled by our own code (never eval/Function/vm) into a closure
 * tree over numeric columns. Names resolve through Maps built from the document (never through an object's
 * properties), so `constructor`, `__proto__` or a global can only ever be an unknown name. Booleans are 1 / 0;
 * a comparison with NaN (an indicator still warming up) is false.
 */

export type ValueType = 'number' | 'boolean';

export interface ExpressionProblem {
  /** 0-based character offset in the expression. */
  position: number;
  code: 'INVALID_EXPRESSION' | 'UNKNOWN_NAME';
  message: string;
}

/** The only error compileExpression throws. */
export class ExpressionError extends Error {
  constructor(readonly problem: ExpressionProblem) {
    super(problem.message);
    this.name = 'ExpressionError';
  }
}

/** A value read at a decision bar: a column of the symbol (indicator or price) or the position state. */
export type Binding = { kind: 'column'; slot: number } | { kind: 'state'; slot: number };

export interface Scope {
  names: ReadonlyMap<string, Binding>;
  /** `object.property` names (bollinger bands: `bb.upper`). */
  members: ReadonlyMap<string, ReadonlyMap<string, Binding>>;
}

/** What an expression reads at bar t: the symbol's columns by slot, and the position state by slot. */
export interface Frame {
  columns: readonly Float64Array[];
  state: Float64Array;
}

export type Evaluator = (f: Frame, t: number) => number;

export interface CompiledExpression {
  type: ValueType;
  evaluate: Evaluator;
  /** Reads the position state (then it cannot be evaluated at an earlier bar, as crosses_* do). */
  usesState: boolean;
  /** Extra bars before t it reads (1 with crosses_above / crosses_below). */
  lookback: number;
}

export const MAX_EXPRESSION_LENGTH = 1000;
export const FUNCTION_NAMES = ['abs', 'min', 'max', 'crosses_above', 'crosses_below'] as const;
export const WORD_OPERATORS = ['and', 'or', 'not'] as const;

jsep.addBinaryOp('or', 1);
jsep.addBinaryOp('and', 2);
jsep.addUnaryOp('not');

// jsep's nodes carry no positions: record where each token starts and ends. `gobble-token` runs before every token;
// numeric literals are gobbled here so that `after-token` runs for them too (jsep returns them without it).
type Positioned = jsep.Expression & { start?: number; end?: number };
const starts: number[] = [];
const isDigit = (code: number) => code >= 48 && code <= 57;
jsep.hooks.add('gobble-token', function (env) {
  starts.push(this.index);
  if (isDigit(this.code) || this.code === 46) env.node = this.gobbleNumericLiteral() || undefined;
});
jsep.hooks.add('after-token', function (env) {
  const start = starts.pop() ?? this.index;
  const node = env.node as Positioned | false | undefined;
  if (node && node.start === undefined) {
    node.start = start;
    node.end = this.index;
  }
});

function leftmost(node: Positioned): number {
  if (node.start !== undefined) return node.start;
  if (node.type === 'BinaryExpression') return leftmost((node as jsep.BinaryExpression).left as Positioned);
  return 0;
}

const fail = (position: number, message: string, code: ExpressionProblem['code'] = 'INVALID_EXPRESSION'): never => {
  throw new ExpressionError({ position, code, message });
};

const TRUE = 1;
const FALSE = 0;
const describe = (t: ValueType) => (t === 'number' ? 'a number' : 'a boolean (true/false)');

const ARITHMETIC: Record<string, (a: number, b: number) => number> = Object.assign(Object.create(null) as object, {
  '+': (a: number, b: number) => a + b,
  '-': (a: number, b: number) => a - b,
  '*': (a: number, b: number) => a * b,
  '/': (a: number, b: number) => a / b,
});
const COMPARISON: Record<string, (a: number, b: number) => boolean> = Object.assign(Object.create(null) as object, {
  '<': (a: number, b: number) => a < b,
  '>': (a: number, b: number) => a > b,
  '<=': (a: number, b: number) => a <= b,
  '>=': (a: number, b: number) => a >= b,
  '==': (a: number, b: number) => a === b,
  '!=': (a: number, b: number) => a !== b,
});
const LOGICAL = new Map<string, 'and' | 'or'>([
  ['and', 'and'],
  ['&&', 'and'],
  ['or', 'or'],
  ['||', 'or'],
]);

/** Parses and compiles one expression against the scope; `want` is the type the field needs. */
export function compileExpression(source: string, scope: Scope, want: ValueType): CompiledExpression {
  if (typeof source !== 'string' || source.trim() === '') fail(0, 'The expression is empty');
  if (source.length > MAX_EXPRESSION_LENGTH) fail(MAX_EXPRESSION_LENGTH, `The expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  let ast: Positioned;
  starts.length = 0;
  try {
    ast = jsep(source) as Positioned;
  } catch (err) {
    const e = err as { index?: unknown; description?: unknown };
    const at = typeof e.index === 'number' && Number.isFinite(e.index) ? Math.max(0, Math.min(e.index, source.length)) : 0;
    const why = typeof e.description === 'string' ? e.description : 'not a valid expression';
    return fail(at, `Syntax error at character ${at}: ${why}`);
  } finally {
    starts.length = 0;
  }
  const out = compileNode(source, ast, scope);
  if (out.type !== want) fail(leftmost(ast), `The expression must be ${describe(want)}, but it is ${describe(out.type)}`);
  return out;
}

function compileNode(src: string, node: Positioned, scope: Scope): CompiledExpression {
  const at = leftmost(node);
  switch (node.type) {
    case 'Literal': {
      const v = (node as jsep.Literal).value;
      if (typeof v === 'number' && Number.isFinite(v)) return { type: 'number', evaluate: () => v, usesState: false, lookback: 0 };
      if (typeof v === 'boolean') {
        const b = v ? TRUE : FALSE;
        return { type: 'boolean', evaluate: () => b, usesState: false, lookback: 0 };
      }
      return fail(at, `Only numbers and true/false are allowed as literals (character ${at})`);
    }
    case 'Identifier': {
      const name = (node as jsep.Identifier).name;
      const binding = scope.names.get(name);
      if (!binding) {
        const bands = scope.members.has(name) ? ` (a bollinger indicator: use ${name}.upper, ${name}.middle or ${name}.lower)` : '';
        return fail(at, `Unknown name "${name}" at character ${at}${bands}; known: ${known(scope)}`, 'UNKNOWN_NAME');
      }
      return bound(binding);
    }
    case 'MemberExpression': {
      const m = node as jsep.MemberExpression;
      const obj = m.object as Positioned;
      const prop = m.property as Positioned;
      if (m.computed || obj.type !== 'Identifier' || prop.type !== 'Identifier') return fail(at, `Only a band of a bollinger indicator (name.upper) may be read with "." (character ${at})`);
      const objName = (obj as jsep.Identifier).name;
      const propName = (prop as jsep.Identifier).name;
      const fields = scope.members.get(objName);
      const binding = fields?.get(propName);
      if (!binding) {
        const what = fields ? `"${objName}" has no band "${propName}" (upper, middle, lower)` : `Unknown name "${objName}.${propName}"`;
        const propAt = fields ? Math.max(at, src.indexOf(propName, at + objName.length)) : at;
        return fail(propAt, `${what} at character ${propAt}; known: ${known(scope)}`, 'UNKNOWN_NAME');
      }
      return bound(binding);
    }
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression;
      const arg = compileNode(src, u.argument as Positioned, scope);
      const a = arg.evaluate;
      if (u.operator === '-' || u.operator === '+') {
        expectType(arg, 'number', leftmost(u.argument as Positioned), `the operand of ${u.operator}`);
        return { ...arg, evaluate: u.operator === '-' ? (f, t) => -a(f, t) : a };
      }
      if (u.operator === 'not' || u.operator === '!') {
        expectType(arg, 'boolean', leftmost(u.argument as Positioned), `the operand of ${u.operator} (write not (a > b): not applies to the next term only)`);
        return { ...arg, evaluate: (f, t) => (a(f, t) === TRUE ? FALSE : TRUE) };
      }
      return fail(at, `Operator "${u.operator}" is not supported (character ${at})`);
    }
    case 'BinaryExpression': {
      const b = node as jsep.BinaryExpression;
      const leftNode = b.left as Positioned;
      const rightNode = b.right as Positioned;
      const opAt = operatorPosition(src, leftNode, b.operator);
      const logical = LOGICAL.get(b.operator);
      const arith = Object.prototype.hasOwnProperty.call(ARITHMETIC, b.operator) ? ARITHMETIC[b.operator] : undefined;
      const cmp = Object.prototype.hasOwnProperty.call(COMPARISON, b.operator) ? COMPARISON[b.operator] : undefined;
      if (!logical && !arith && !cmp) return fail(opAt, `Operator "${b.operator}" is not supported at character ${opAt} (use + - * /, < > <= >= == !=, and, or, not)`);
      const left = compileNode(src, leftNode, scope);
      const right = compileNode(src, rightNode, scope);
      const l = left.evaluate;
      const r = right.evaluate;
      const meta = { usesState: left.usesState || right.usesState, lookback: Math.max(left.lookback, right.lookback) };
      if (logical) {
        expectType(left, 'boolean', leftmost(leftNode), `the left side of ${b.operator}`);
        expectType(right, 'boolean', leftmost(rightNode), `the right side of ${b.operator}`);
        const evaluate: Evaluator = logical === 'and' ? (f, t) => (l(f, t) === TRUE && r(f, t) === TRUE ? TRUE : FALSE) : (f, t) => (l(f, t) === TRUE || r(f, t) === TRUE ? TRUE : FALSE);
        return { type: 'boolean', evaluate, ...meta };
      }
      if (arith) {
        expectType(left, 'number', leftmost(leftNode), `the left side of ${b.operator}`);
        expectType(right, 'number', leftmost(rightNode), `the right side of ${b.operator}`);
        return { type: 'number', evaluate: (f, t) => arith(l(f, t), r(f, t)), ...meta };
      }
      const equality = b.operator === '==' || b.operator === '!=';
      if (equality && left.type !== right.type) {
        return fail(leftmost(rightNode), `${b.operator} compares ${describe(left.type)} with ${describe(right.type)} (character ${leftmost(rightNode)})`);
      }
      if (!equality) {
        expectType(left, 'number', leftmost(leftNode), `the left side of ${b.operator}`);
        expectType(right, 'number', leftmost(rightNode), `the right side of ${b.operator}`);
      }
      const c = cmp!;
      return { type: 'boolean', evaluate: (f, t) => (c(l(f, t), r(f, t)) ? TRUE : FALSE), ...meta };
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      const callee = call.callee as Positioned;
      if (callee.type !== 'Identifier') return fail(at, `Only the functions ${FUNCTION_NAMES.join(', ')} may be called (character ${at})`);
      const name = (callee as jsep.Identifier).name;
      const args = call.arguments.map((a) => ({ at: leftmost(a as Positioned), c: compileNode(src, a as Positioned, scope) }));
      for (const [i, a] of args.entries()) expectType(a.c, 'number', a.at, `argument ${i + 1} of ${name}`);
      const fns = args.map((a) => a.c.evaluate);
      const meta = { usesState: args.some((a) => a.c.usesState), lookback: Math.max(0, ...args.map((a) => a.c.lookback)) };
      const arity = (min: number, max: number) => {
        if (args.length < min || args.length > max) fail(at, `${name} takes ${min === max ? min : `${min} or more`} argument${max === 1 ? '' : 's'}, got ${args.length} (character ${at})`);
      };
      switch (name) {
        case 'abs': {
          arity(1, 1);
          const [a] = fns;
          return { type: 'number', evaluate: (f, t) => Math.abs(a(f, t)), ...meta };
        }
        case 'min':
        case 'max': {
          arity(2, 16);
          const pick = name === 'min' ? Math.min : Math.max;
          return { type: 'number', evaluate: (f, t) => pick(...fns.map((g) => g(f, t))), ...meta };
        }
        case 'crosses_above':
        case 'crosses_below': {
          arity(2, 2);
          const stateful = args.find((a) => a.c.usesState);
          if (stateful) fail(stateful.at, `${name} compares the previous bar too, so its arguments cannot use position, entry_price or bars_held (character ${stateful.at})`);
          const [a, b] = fns;
          const above = name === 'crosses_above';
          const evaluate: Evaluator = above
            ? (f, t) => (t >= 1 && a(f, t) > b(f, t) && a(f, t - 1) <= b(f, t - 1) ? TRUE : FALSE)
            : (f, t) => (t >= 1 && a(f, t) < b(f, t) && a(f, t - 1) >= b(f, t - 1) ? TRUE : FALSE);
          return { type: 'boolean', evaluate, usesState: false, lookback: meta.lookback + 1 };
        }
        default:
          return fail(at, `Unknown function "${name}" at character ${at}; known: ${FUNCTION_NAMES.join(', ')}`, 'UNKNOWN_NAME');
      }
    }
    case 'Compound': {
      // Two terms side by side (`a b`): point at the second.
      const second = (node as jsep.Compound).body[1] as Positioned | undefined;
      const pos = second ? leftmost(second) : at;
      return fail(pos, `Unexpected term at character ${pos}: an operator is missing between two terms`);
    }
    default:
      return fail(at, `${kindOf(node.type)} is not allowed in a rule (character ${at})`);
  }
}

function bound(b: Binding): CompiledExpression {
  const slot = b.slot;
  if (b.kind === 'column') return { type: 'number', evaluate: (f, t) => (t >= 0 ? f.columns[slot][t] : NaN), usesState: false, lookback: 0 };
  return { type: 'number', evaluate: (f) => f.state[slot], usesState: true, lookback: 0 };
}

function expectType(c: CompiledExpression, want: ValueType, position: number, what: string): void {
  if (c.type !== want) fail(position, `Type error at character ${position}: ${what} must be ${describe(want)}, got ${describe(c.type)}`);
}

function operatorPosition(src: string, left: Positioned, op: string): number {
  const from = left.end ?? leftmost(left);
  const i = src.indexOf(op, from);
  return i >= 0 ? i : from;
}

function known(scope: Scope): string {
  const names = [...scope.names.keys(), ...[...scope.members.entries()].flatMap(([o, m]) => [...m.keys()].map((p) => `${o}.${p}`))];
  const list = names.slice(0, 40).join(', ');
  return names.length > 40 ? `${list}, …` : list;
}

function kindOf(type: string): string {
  const kinds: Record<string, string> = {
    ConditionalExpression: 'The ?: operator',
    Compound: 'A list of expressions',
    SequenceExpression: 'A list of expressions',
    ArrayExpression: 'An array',
    ThisExpression: '"this"',
  };
  return Object.prototype.hasOwnProperty.call(kinds, type) ? kinds[type] : `"${String(type).slice(0, 40)}"`;
}
