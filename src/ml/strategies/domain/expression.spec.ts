import fc from 'fast-check';
import { type Binding, compileExpression, ExpressionError, type Frame, type Scope } from './expression';

/** A scope like a document's: prices, two indicators, a bollinger band set, the position state. */
const names = new Map<string, Binding>([
  ['close', { kind: 'column', slot: 0 }],
  ['sma_20', { kind: 'column', slot: 1 }],
  ['sma_50', { kind: 'column', slot: 2 }],
  ['rsi_14', { kind: 'column', slot: 3 }],
  ['position', { kind: 'state', slot: 0 }],
  ['entry_price', { kind: 'state', slot: 1 }],
  ['bars_held', { kind: 'state', slot: 2 }],
]);
const members = new Map([['bb', new Map<string, Binding>([['upper', { kind: 'column', slot: 4 }], ['lower', { kind: 'column', slot: 5 }]])]]);
const scope: Scope = { names, members };
const col = (...v: number[]) => Float64Array.from(v);
// Two bars: close 10 → 12, sma_20 11 → 11, sma_50 9 → 13, rsi 65 → 75, bands 15/5.
const frame: Frame = { columns: [col(10, 12), col(11, 11), col(9, 13), col(65, 75), col(15, 15), col(5, 5)], state: col(1, 10, 3) };

const value = (src: string, t = 1, type: 'boolean' | 'number' = 'boolean') => compileExpression(src, scope, type).evaluate(frame, t);
const problem = (src: string, type: 'boolean' | 'number' = 'boolean') => {
  try {
    compileExpression(src, scope, type);
  } catch (err) {
    if (err instanceof ExpressionError) return err.problem;
    throw err;
  }
  throw new Error(`${src} compiled`);
};

describe('rule expressions: known answers', () => {
  it.each([
    ['sma_20 > sma_50 and rsi_14 < 70', 0, 1],
    ['sma_20 > sma_50 and rsi_14 < 70', 1, 0],
    ['sma_20 < sma_50 or rsi_14 < 70', 1, 1],
    ['not (sma_20 > sma_50)', 0, 0],
    ['not (sma_20 > sma_50)', 1, 1],
    ['close < bb.lower or close > bb.upper * 0.7', 1, 1],
    ['position > 0 and close >= entry_price * 1.2', 1, 1],
    ['bars_held >= 3 && !(close == 12)', 1, 0],
    ['(close - sma_20) / sma_20 > 0.05', 1, 1],
    ['abs(close - sma_50) <= 1 and max(close, sma_20, 100) == 100 and min(close, sma_20) == 11', 1, 1],
    ['crosses_above(sma_50, sma_20)', 1, 1],
    ['crosses_above(sma_50, sma_20)', 0, 0],
    ['crosses_below(sma_20, sma_50)', 1, 1],
    ['crosses_below(sma_50, sma_20)', 1, 0],
    ['-close + 2 * 3 == -6', 1, 1],
    ['true and not false', 1, 1],
  ])('%s at bar %i → %i', (src, t, expected) => {
    expect(value(src, t)).toBe(expected);
  });

  it('numbers: precedence, division, NaN comparisons are false', () => {
    expect(value('1 + 2 * 3 - 4 / 2', 1, 'number')).toBe(5);
    expect(value('(1 + 2) * 3', 1, 'number')).toBe(9);
    const nan: Frame = { columns: [col(NaN)], state: col(0, NaN, 0) };
    expect(compileExpression('close > 1', scope, 'boolean').evaluate(nan, 0)).toBe(0);
    expect(compileExpression('close <= 1', scope, 'boolean').evaluate(nan, 0)).toBe(0);
    expect(compileExpression('not (close > 1)', scope, 'boolean').evaluate(nan, 0)).toBe(1);
  });

  it('records whether the position state is read and the extra bars crosses_* need', () => {
    expect(compileExpression('sma_20 > 1', scope, 'boolean')).toMatchObject({ usesState: false, lookback: 0 });
    expect(compileExpression('position > 0', scope, 'boolean')).toMatchObject({ usesState: true, lookback: 0 });
    expect(compileExpression('crosses_above(sma_20, sma_50)', scope, 'boolean')).toMatchObject({ usesState: false, lookback: 1 });
  });
});

describe('rule expressions: errors point at the character', () => {
  it.each([
    ['sma_20 > sma_21', 'UNKNOWN_NAME', 9],
    ['close > 1 and foo', 'UNKNOWN_NAME', 14],
    ['constructor', 'UNKNOWN_NAME', 0],
    ['__proto__ > 1', 'UNKNOWN_NAME', 0],
    ['toString > 1', 'UNKNOWN_NAME', 0],
    ['globalThis.process > 1', 'UNKNOWN_NAME', 0],
    ['bb.constructor > 1', 'UNKNOWN_NAME', 3],
    ['bb > 1', 'UNKNOWN_NAME', 0],
    ['sqrt(close) > 1', 'UNKNOWN_NAME', 0],
    ['close + (rsi_14 > 3) > 1', 'INVALID_EXPRESSION', 8],
    ['rsi_14 > 30 and close', 'INVALID_EXPRESSION', 16],
    ['not close > 1', 'INVALID_EXPRESSION', 4],
    ['close > 1 == 2', 'INVALID_EXPRESSION', 13],
    ['close % 2 > 1', 'INVALID_EXPRESSION', 6],
    ['close >> 1 > 1', 'INVALID_EXPRESSION', 6],
    ['"a" == "a"', 'INVALID_EXPRESSION', 0],
    ['close > ', 'INVALID_EXPRESSION', 8],
    ['(close > 1', 'INVALID_EXPRESSION', 10],
    ['close 1 > 2', 'INVALID_EXPRESSION', 6],
    ['close > 1 ? true : false', 'INVALID_EXPRESSION', 0],
    ['[1, 2]', 'INVALID_EXPRESSION', 0],
    ['bb["upper"] > 1', 'INVALID_EXPRESSION', 0],
    ['this > 1', 'INVALID_EXPRESSION', 0],
    ['abs(close, 1) > 0', 'INVALID_EXPRESSION', 0],
    ['crosses_above(close, entry_price)', 'INVALID_EXPRESSION', 21],
    ['', 'INVALID_EXPRESSION', 0],
  ])('%j → %s at %i', (src, code, position) => {
    expect(problem(src)).toMatchObject({ code, position });
  });

  it('the field type is checked: a rule is a boolean, a score a number', () => {
    expect(problem('close + 1')).toMatchObject({ code: 'INVALID_EXPRESSION', position: 0, message: expect.stringContaining('must be a boolean') });
    expect(problem('close > 1', 'number')).toMatchObject({ code: 'INVALID_EXPRESSION', message: expect.stringContaining('must be a number') });
  });
});

describe('rule expressions: fuzz', () => {
  const ALLOWED = new Set([...names.keys(), 'bb']);
  const isOurs = (err: unknown, src: string) => {
    if (!(err instanceof ExpressionError)) return false;
    const p = err.problem;
    return (p.code === 'INVALID_EXPRESSION' || p.code === 'UNKNOWN_NAME') && Number.isInteger(p.position) && p.position >= 0 && p.position <= src.length;
  };

  it('random strings compile or fail with our error only', () => {
    const alphabet = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_0123456789 ()+-*/<>=!&|.,?:[]{}"\'`$\\'.split(''), 'and ', 'or ', 'not ', 'close', 'sma_20', 'bb.upper', 'constructor', '__proto__');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.array(alphabet, { maxLength: 30 }).map((a) => a.join(''))), (src) => {
        for (const type of ['boolean', 'number'] as const) {
          try {
            const c = compileExpression(src, scope, type);
            const v = c.evaluate(frame, 1);
            expect(typeof v).toBe('number');
          } catch (err) {
            if (!isOurs(err, src)) throw err;
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  /** Random ASTs printed back to text, with hostile names mixed in: a name outside the whitelist never compiles. */
  it('random expression trees never resolve a name outside the whitelist', () => {
    const HOSTILE = ['constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'globalThis', 'process', 'require', 'Function', 'eval', 'this', 'Object', 'bb.__proto__', 'bb.constructor', 'close.constructor'];
    const leaf = fc.oneof(fc.constantFrom(...names.keys(), 'bb.upper', 'bb.lower'), fc.constantFrom(...HOSTILE), fc.integer({ min: -5, max: 500 }).map(String), fc.constantFrom('true', 'false'));
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('bin'), tie('un'), tie('call')),
      bin: fc.tuple(tie('tree'), fc.constantFrom('+', '-', '*', '/', '<', '>', '<=', '>=', '==', '!=', 'and', 'or', '%', '**', '&'), tie('tree')).map(([a, op, b]) => `(${String(a)} ${op} ${String(b)})`),
      un: fc.tuple(fc.constantFrom('-', 'not ', '!', '~'), tie('tree')).map(([op, a]) => `${op}${String(a)}`),
      call: fc.tuple(fc.constantFrom('abs', 'min', 'max', 'crosses_above', 'crosses_below', 'constructor', 'toString'), fc.array(tie('tree'), { minLength: 1, maxLength: 3 })).map(([f, args]) => `${f}(${args.map(String).join(', ')})`),
    }));
    fc.assert(
      fc.property(tree.map(String), (src) => {
        const hostile = HOSTILE.some((h) => new RegExp(`(^|[^a-z_.])${h.replace('.', '\\.')}($|[^a-z_0-9])`).test(src));
        try {
          const c = compileExpression(src, scope, 'boolean');
          expect(hostile).toBe(false);
          const identifiers = src.match(/[A-Za-z_][A-Za-z_0-9]*(\.[A-Za-z_][A-Za-z_0-9]*)?/g) ?? [];
          for (const id of identifiers) {
            const head = id.split('.')[0];
            expect(ALLOWED.has(head) || ['abs', 'min', 'max', 'crosses_above', 'crosses_below', 'and', 'or', 'not', 'true', 'false'].includes(head)).toBe(true);
          }
          expect([0, 1]).toContain(c.evaluate(frame, 1));
        } catch (err) {
          if (!isOurs(err, src)) throw err;
        }
      }),
      { numRuns: 3000 },
    );
  });

  /** Pollution and escape attempts: nothing is written to a prototype or a global, whatever compiles or fails. */
  it('never writes to a prototype or a global, nor calls anything outside the whitelist', () => {
    const ATTEMPTS = [
      '__proto__.polluted = 1',
      'constructor.prototype.polluted = 1',
      'bb.__proto__.polluted = 1',
      'close.constructor.constructor("return process")()',
      'globalThis.polluted = 1',
      'this.polluted = 1',
      'sma_20 = 1',
      'toString.call(close)',
      'Function("return 1")()',
      '[].constructor.prototype.polluted = 1',
      '(close).__defineGetter__("x", abs)',
    ];
    const snapshot = () => [Object.getOwnPropertyNames(Object.prototype), Object.getOwnPropertyNames(Function.prototype), Object.getOwnPropertyNames(Array.prototype), Object.keys(globalThis)].map((k) => k.sort().join(','));
    const before = snapshot();
    fc.assert(
      fc.property(fc.constantFrom(...ATTEMPTS), fc.constantFrom('', 'close > 1 and ', '(', 'not '), (attempt, prefix) => {
        const src = `${prefix}${attempt}`;
        for (const type of ['boolean', 'number'] as const) {
          try {
            compileExpression(src, scope, type).evaluate(frame, 1);
          } catch (err) {
            if (!isOurs(err, src)) throw err;
          }
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect((globalThis as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 500 },
    );
    expect(snapshot()).toEqual(before);
  });
});
