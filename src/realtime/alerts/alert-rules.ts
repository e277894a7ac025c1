import { d, Decimal } from '../../common/decimal';

/**
 * When a price alert fires. Pure: the alerts service feeds it ticks and persists the transitions it returns.
 *
 * - `above`: price ≥ threshold; `below`: price ≤ threshold;
 * - `percent_change`: the day's change in percent (like the seed's `change_percent`, 1.5 = 1.5 %) against the
 *   previous close: a positive threshold fires at change_percent ≥ threshold, a negative one at ≤ threshold.
 *
 * An alert fires once per crossing: it fires when the condition holds while it is armed, and is then disarmed
 * until the condition stops holding (a repeating alert re-arms then; a one-shot alert is done).
 */
export type AlertCondition = 'above' | 'below' | 'percent_change';
export const ALERT_CONDITIONS: readonly AlertCondition[] = ['above', 'below', 'percent_change'];

export function conditionHolds(
  condition: AlertCondition,
  threshold: Decimal | string,
  price: Decimal | string,
  previousClose: Decimal | string | null,
): boolean {
  const t = d(threshold);
  const p = d(price);
  switch (condition) {
    case 'above':
      return p.gte(t);
    case 'below':
      return p.lte(t);
    case 'percent_change': {
      if (previousClose === null || d(previousClose).isZero()) return false;
      const pct = p.minus(previousClose).div(previousClose).times(100);
      return t.isNegative() ? pct.lte(t) : pct.gte(t);
    }
  }
}

export interface AlertState {
  active: boolean;
  armed: boolean;
  repeat: boolean;
}

export type AlertTransition = 'fire' | 'rearm' | null;

export function nextTransition(state: AlertState, holds: boolean): AlertTransition {
  if (!state.active) return null;
  if (holds && state.armed) return 'fire';
  if (!holds && !state.armed && state.repeat) return 'rearm';
  return null;
}

/** The state after a transition. */
export function applyTransition(state: AlertState, t: AlertTransition): AlertState {
  if (t === 'fire') return { ...state, armed: false, active: state.repeat };
  if (t === 'rearm') return { ...state, armed: true };
  return state;
}
