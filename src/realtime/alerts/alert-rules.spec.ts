import { AlertState, applyTransition, conditionHolds, nextTransition } from './alert-rules';

describe('conditionHolds', () => {
  it('above / below include the threshold', () => {
    expect(conditionHolds('above', '180', '180', null)).toBe(true);
    expect(conditionHolds('above', '180', '179.9999', null)).toBe(false);
    expect(conditionHolds('below', '180', '180', null)).toBe(true);
    expect(conditionHolds('below', '180', '180.01', null)).toBe(false);
  });
  it('percent_change compares the day change in percent, signed', () => {
    expect(conditionHolds('percent_change', '2', '102', '100')).toBe(true);
    expect(conditionHolds('percent_change', '2', '101.99', '100')).toBe(false);
    expect(conditionHolds('percent_change', '-2', '98', '100')).toBe(true);
    expect(conditionHolds('percent_change', '-2', '102', '100')).toBe(false);
    expect(conditionHolds('percent_change', '2', '102', null)).toBe(false);
    expect(conditionHolds('percent_change', '2', '102', '0')).toBe(false);
  });
});

describe('alert transitions: once per crossing', () => {
  const run = (repeat: boolean, holds: boolean[]) => {
    let s: AlertState = { active: true, armed: true, repeat };
    const fired: number[] = [];
    holds.forEach((h, i) => {
      const t = nextTransition(s, h);
      if (t === 'fire') fired.push(i);
      s = applyTransition(s, t);
    });
    return { fired, state: s };
  };

  it('a one-shot alert fires at the first tick where it holds, then never again', () => {
    expect(run(false, [false, true, true, false, true])).toEqual({ fired: [1], state: { active: false, armed: false, repeat: false } });
  });

  it('a repeating alert fires once per crossing', () => {
    expect(run(true, [true, true, false, false, true, true, false, true]).fired).toEqual([0, 4, 7]);
  });

  it('an inactive alert does nothing', () => {
    expect(nextTransition({ active: false, armed: true, repeat: true }, true)).toBeNull();
  });
});
