#!/usr/bin/env python3
"""Independent Python replay of the backtest engine (src/ml/backtest/domain), for the cross-check fixture.

Regenerate (from the repository root, with the pyenv `python3` on PATH; it needs numpy only; pandas is not
installed there and is not used):
    python3 scripts/backtest/crosscheck.py
It rewrites src/ml/backtest/domain/__fixtures__/crosscheck.json deterministically (seeded numpy RandomState),
which src/ml/backtest/domain/crosscheck.spec.ts replays through the TypeScript engine:
    npx jest src/ml/backtest/domain/crosscheck

This is a re-implementation from the rules, not a port of engine.ts:
  * Signals are floats, as in the engine. Indicators are vectorised numpy (sliding windows, cumulative sums, a
    forward fill by maximum.accumulate); only the two recursions that are sequential by definition (Wilder's
    smoothing, the Bollinger in/out state) are loops. Because the TypeScript code sums in another order, every
    comparison a signal depends on must clear a margin (MARGIN) or the script refuses to write the fixture:
    a near-tie would make the check depend on float summation order instead of on the rules.
  * Money is Python `decimal` (precision 60, so products are exact) quantized ROUND_HALF_EVEN: prices to 6 dp,
    money to 4 dp; quantities are rounded down to whole shares or to 6 dp (fractional).
  * The replay walks only the sessions where the target changes and builds the equity/cash curves afterwards
    from the step functions of cash and position.
  * Sizing down searches the largest affordable quantity from floor(budget / price) downwards (the cost
    round4(q * price) + commission(q) is non-decreasing in q, so a galloping decrement then a bisection finds it
    exactly, also at the 0.000001 step of fractional shares).

Rules (from the engine's documentation and the issue):
  * target[t] (direction held from the open of session t) uses closes of sessions < t only.
  * Orders at the open of session t when target[t] != target[t-1]; at t = start, when target[start] != 0.
  * Buy fills at round6(open * (1 + bps / 10000)), sells at round6(open * (1 - bps / 10000)).
  * Commission: per_share * qty or bps * qty * price / 10000, at least `minimum`, round4.
  * Cash moves by round4(qty * price) plus or minus the commission. Exits first, then entries sized on
    equity_at_open = cash + sum(qty * open): qty = floor(weight * equity_at_open / price); if the cost is above
    the cash, the largest affordable quantity (counted as sized down; 0 = skipped).
  * A long exit that would leave cash < 0 is skipped; a short cover that costs more than the cash is sized down
    (partial cover, entry fees pro rata); a short entry whose proceeds minus fee leave cash < 0 is skipped.
  * Equity at each close = cash + sum(qty * close) (unrounded).
  * Trades are round trips: pnl = round4((exit - entry) * qty) (negated for shorts) - entry fees - exit fees;
    a position still open at the end is one trade marked at the last close with no exit fill or fees.
"""
import json
import os
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal, getcontext

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

getcontext().prec = 60
getcontext().rounding = ROUND_HALF_EVEN

SEED = 20200311
SESSIONS = 600
SYMBOL = 'XCHK'
FIRST_DATE = '2020-01-02'
# A signal comparison closer than this (in price or RSI units) is a near-tie: refuse to write the fixture.
MARGIN = 1e-7
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src', 'ml', 'backtest', 'domain',
                   '__fixtures__', 'crosscheck.json')

D0 = Decimal(0)
BPS = Decimal(10000)
PRICE_Q = Decimal('0.000001')
MONEY_Q = Decimal('0.0001')


def round6(x):
    return x.quantize(PRICE_Q, rounding=ROUND_HALF_EVEN)


def round4(x):
    return x.quantize(MONEY_Q, rounding=ROUND_HALF_EVEN)


def s(x):
    """A decimal as a plain (never exponential) string."""
    return format(x, 'f')


# ---------------------------------------------------------------------------------------------------------------
# Bars

def make_bars():
    rs = np.random.RandomState(SEED)
    n = SESSIONS
    drift, vol = 0.0002, 0.019
    log_close = np.log(100.0) + np.cumsum(rs.normal(drift, vol, n))
    close = np.exp(log_close)
    prev_close = np.concatenate([[100.0], close[:-1]])
    open_ = prev_close * np.exp(rs.normal(0.0, 0.006, n))
    wick_hi = np.exp(np.abs(rs.normal(0.0, 0.005, n)))
    wick_lo = np.exp(-np.abs(rs.normal(0.0, 0.005, n)))
    high = np.maximum(open_, close) * wick_hi
    low = np.minimum(open_, close) * wick_lo

    def to4(a):
        return [s(Decimal(float(v)).quantize(MONEY_Q, rounding=ROUND_HALF_EVEN)) for v in a]

    days = np.arange(np.datetime64(FIRST_DATE), np.datetime64(FIRST_DATE) + 2 * n, dtype='datetime64[D]')
    dates = [str(x) for x in days[np.is_busday(days)][:n]]
    return {'dates': dates, 'open': to4(open_), 'high': to4(high), 'low': to4(low), 'close': to4(close)}


# ---------------------------------------------------------------------------------------------------------------
# Indicators and targets (floats, numpy)

def rolling_mean(x, p):
    """out[t] = mean(x[t-p+1..t]); NaN before the window is full."""
    out = np.full(x.shape, np.nan)
    out[p - 1:] = sliding_window_view(x, p).mean(axis=1)
    return out


def rolling_pstd(x, p):
    out = np.full(x.shape, np.nan)
    out[p - 1:] = sliding_window_view(x, p).std(axis=1, ddof=0)
    return out


def rsi_wilder(x, p):
    ch = np.diff(x)
    up, down = np.clip(ch, 0, None), np.clip(-ch, 0, None)
    ag = np.full(x.shape, np.nan)
    al = np.full(x.shape, np.nan)
    ag[p], al[p] = up[:p].mean(), down[:p].mean()
    a = 1.0 / p
    for t in range(p + 1, len(x)):  # Wilder's smoothing = an EMA with alpha 1/p, seeded by the first mean
        ag[t] = ag[t - 1] + a * (up[t - 1] - ag[t - 1])
        al[t] = al[t - 1] + a * (down[t - 1] - al[t - 1])
    with np.errstate(divide='ignore', invalid='ignore'):
        rsi = 100.0 * ag / (ag + al)
    rsi = np.where((al == 0) & (ag == 0), 50.0, np.where(al == 0, 100.0, rsi))
    rsi[:p] = np.nan
    return rsi


def near_ties(values, name, at):
    bad = np.flatnonzero(np.abs(values) < MARGIN)
    if bad.size:
        raise SystemExit(f'{name}: near-tie ({values[bad[0]]!r}) at close {at[bad[0]]}; pick another SEED')


def lag(a, fill=np.nan):
    """a[t-1] at t: the value known before session t opens."""
    return np.concatenate([[fill], a[:-1]])


def targets_sma(closes, fast, slow, allow_short):
    f, sl = rolling_mean(closes, fast), rolling_mean(closes, slow)
    gap = lag(f - sl)
    near_ties(gap[slow:], 'sma gap', np.arange(slow - 1, len(closes) - 1))
    out = np.where(gap > 0, 1, -1 if allow_short else 0).astype(np.int8)
    out[:slow] = 0
    return out


def targets_rsi(closes, period, lower, upper, allow_short):
    rsi = lag(rsi_wilder(closes, period))
    idx = np.arange(len(closes))
    live = idx >= period + 1
    near_ties(rsi[live] - lower, 'rsi-lower', idx[live] - 1)
    near_ties(rsi[live] - upper, 'rsi-upper', idx[live] - 1)
    signal = np.where(rsi < lower, 1, np.where(rsi > upper, -1 if allow_short else 0, 127))
    signal[~live] = 127  # 127: hold the previous state
    signal[period] = 0 if signal[period] == 127 else signal[period]  # state starts flat
    has = signal != 127
    last = np.maximum.accumulate(np.where(has, idx, 0))
    out = np.where(live, signal[last], 0).astype(np.int8)
    out[~live] = 0
    return out


def targets_bollinger(closes, period, k, allow_short):
    mid = lag(rolling_mean(closes, period))
    band = lag(k * rolling_pstd(closes, period))
    c = lag(closes)
    idx = np.arange(period, len(closes))
    near_ties((c - mid)[idx], 'close-mid', idx - 1)
    near_ties((c - (mid - band))[idx], 'close-lower', idx - 1)
    near_ties((c - (mid + band))[idx], 'close-upper', idx - 1)
    out = np.zeros(len(closes), dtype=np.int8)
    state = 0
    for t in idx:
        if (state > 0 and c[t] >= mid[t]) or (state < 0 and c[t] <= mid[t]):
            state = 0
        elif state == 0:
            if c[t] < mid[t] - band[t]:
                state = 1
            elif allow_short and c[t] > mid[t] + band[t]:
                state = -1
        out[t] = state
    return out


def targets_for(case, closes):
    p, short = case['parameters'], case['allow_short']
    if case['strategy'] == 'sma_crossover':
        return targets_sma(closes, p['fast'], p['slow'], short)
    if case['strategy'] == 'mean_reversion':
        return targets_rsi(closes, p['period'], p['lower'], p['upper'], short)
    if case['strategy'] == 'bollinger':
        return targets_bollinger(closes, p['period'], p['k'], short)
    raise ValueError(case['strategy'])


def warmup(case):
    p = case['parameters']
    return {'sma_crossover': lambda: p['slow'], 'mean_reversion': lambda: p['period'] + 1,
            'bollinger': lambda: p['period']}[case['strategy']]()


# ---------------------------------------------------------------------------------------------------------------
# The replay (decimals)

class Costs:
    def __init__(self, commission, slippage_bps):
        self.kind = commission['kind']
        self.rate = Decimal(str(commission.get('per_share', commission.get('bps', 0))))
        self.minimum = Decimal(str(commission.get('minimum', 0)))
        self.slip = Decimal(str(slippage_bps)) / BPS

    def fill_price(self, side, open_):
        return round6(open_ * (1 + self.slip if side == 'buy' else 1 - self.slip))

    def fee(self, qty, price):
        if qty <= 0 or self.kind == 'none':
            return D0
        raw = qty * self.rate if self.kind == 'per_share' else qty * price * self.rate / BPS
        return round4(max(raw, self.minimum))

    def outlay(self, qty, price):
        """Cash a buy of qty at price takes."""
        return round4(qty * price) + self.fee(qty, price)


class Replay:
    def __init__(self, bars, case):
        self.dates = bars['dates']
        self.open = [Decimal(v) for v in bars['open']]
        self.close = [Decimal(v) for v in bars['close']]
        self.costs = Costs(case['commission'], case['slippage_bps'])
        self.short_ok = case['allow_short']
        self.step = Decimal('0.000001') if case['fractional'] else Decimal(1)
        self.cash = self.initial_cash = round4(Decimal(case['initial_capital']))
        self.qty = D0  # signed position
        self.entry_t = None
        self.entry_price = None
        self.entry_fees = D0
        self.fills, self.trades = [], []
        self.sized_down = self.skipped = 0
        self.cash_after = {}  # session -> (cash, qty) after its orders

    def floor_qty(self, q):
        if q <= 0:
            return D0
        return (q / self.step).to_integral_value(rounding=ROUND_DOWN) * self.step

    def largest_affordable(self, budget, price):
        """Largest q on the step with round4(q*price) + fee(q) <= budget (the cost is non-decreasing in q)."""
        if budget <= 0:
            return D0
        hi = self.floor_qty(budget / price)  # nothing above this fits
        fits = lambda q: self.costs.outlay(q, price) <= budget
        if hi <= 0 or fits(hi):
            return hi
        # Decrement from hi, doubling the stride, until a quantity fits; then bisect (in steps) back up.
        bad, stride = hi, self.step
        good = hi - stride
        while good > 0 and not fits(good):
            bad, stride = good, stride * 2
            good = hi - stride
        if good <= 0:
            good = D0
        lo_n, hi_n = int(good / self.step), int(bad / self.step)  # lo fits (or is 0), hi does not
        while hi_n - lo_n > 1:
            mid = (lo_n + hi_n) // 2
            if fits(mid * self.step):
                lo_n = mid
            else:
                hi_n = mid
        return lo_n * self.step

    def record_fill(self, t, side, qty, price, fee):
        self.fills.append({'date': self.dates[t], 'side': side, 'quantity': s(qty), 'price': s(price),
                           'commission': s(fee), 'slippage': s(abs(price - self.open[t]) * qty)})

    def exit(self, t):
        long = self.qty > 0
        side = 'sell' if long else 'buy'
        price = self.costs.fill_price(side, self.open[t])
        held = abs(self.qty)
        qty = held
        fee = self.costs.fee(qty, price)
        if long:
            if self.cash + round4(qty * price) - fee < 0:
                self.skipped += 1
                return
            self.cash += round4(qty * price) - fee
        else:
            if self.costs.outlay(qty, price) > self.cash:
                qty = self.largest_affordable(self.cash, price)
                if qty <= 0:
                    self.skipped += 1
                    return
                self.sized_down += 1
                fee = self.costs.fee(qty, price)
            self.cash -= round4(qty * price) + fee
        self.record_fill(t, side, qty, price, fee)
        entry_part = round4(self.entry_fees * qty / held)
        move = (price - self.entry_price) if long else (self.entry_price - price)
        self.trades.append({'side': 'long' if long else 'short', 'entry_date': self.dates[self.entry_t],
                            'exit_date': self.dates[t], 'quantity': s(qty), 'entry_price': s(self.entry_price),
                            'exit_price': s(price), 'pnl': s(round4(move * qty) - entry_part - fee),
                            'fees': s(entry_part + fee)})
        if qty == held:
            self.qty, self.entry_t, self.entry_price, self.entry_fees = D0, None, None, D0
        else:
            self.qty = self.qty - qty if long else self.qty + qty
            self.entry_fees -= entry_part

    def enter(self, t, direction, weight):
        equity_at_open = self.cash + self.qty * self.open[t]
        budget = weight * equity_at_open
        side = 'buy' if direction > 0 else 'sell'
        price = self.costs.fill_price(side, self.open[t])
        qty = self.floor_qty(budget / price)
        if direction > 0:
            if self.costs.outlay(qty, price) > self.cash:
                qty = self.largest_affordable(self.cash, price)
                if qty > 0:
                    self.sized_down += 1
            if qty <= 0:
                self.skipped += 1
                return
            fee = self.costs.fee(qty, price)
            self.cash -= round4(qty * price) + fee
        else:
            fee = self.costs.fee(qty, price)
            if qty <= 0 or self.cash + round4(qty * price) - fee < 0:
                self.skipped += 1
                return
            self.cash += round4(qty * price) - fee
        self.record_fill(t, side, qty, price, fee)
        self.qty = qty if direction > 0 else -qty
        self.entry_t, self.entry_price, self.entry_fees = t, price, fee

    def run(self, target, start):
        n = len(self.dates)
        prev = np.concatenate([[0], target[start:-1]])
        events = start + np.flatnonzero(target[start:] != prev)  # at start: any non-zero target
        for t in events:
            t = int(t)
            want = int(target[t])
            have = int(np.sign(self.qty))
            if want != have:
                if have != 0:
                    self.exit(t)
                if want != 0 and self.qty == 0 and (want > 0 or self.short_ok):
                    self.enter(t, want, Decimal(1))  # one symbol: weight 1
            self.cash_after[t] = (self.cash, self.qty)
        # Step functions of cash and position over the sessions, marked at each close.
        cash_curve, equity_curve = [], []
        cash, qty = self.initial_cash, D0
        for t in range(start, n):
            if t in self.cash_after:
                cash, qty = self.cash_after[t]
            cash_curve.append(cash)
            equity_curve.append(cash + qty * self.close[t])
        if self.qty != 0:
            long = self.qty > 0
            mark = self.close[n - 1]
            q = abs(self.qty)
            move = (mark - self.entry_price) if long else (self.entry_price - mark)
            self.trades.append({'side': 'long' if long else 'short', 'entry_date': self.dates[self.entry_t],
                                'exit_date': None, 'quantity': s(q), 'entry_price': s(self.entry_price),
                                'exit_price': None, 'pnl': s(round4(move * q) - self.entry_fees),
                                'fees': s(self.entry_fees)})
        return cash_curve, equity_curve


def replay(bars, case):
    closes = np.array([float(v) for v in bars['close']])
    target = targets_for(case, closes)
    start = case['start']
    r = Replay(bars, case)
    cash_curve, equity_curve = r.run(target, start)
    return {
        'fills': r.fills,
        'trades': r.trades,
        'final_equity': s(equity_curve[-1]),
        'final_cash': s(cash_curve[-1]),
        'equity': [s(v) for v in equity_curve],
        'cash': [s(v) for v in cash_curve],
        'orders_sized_down': r.sized_down,
        'orders_skipped': r.skipped,
        'targets_changed_at': [bars['dates'][t] for t in sorted(r.cash_after)],
    }


CASES = [
    {'name': 'a: sma_crossover 10/30, bps 5 (min 1), slippage 10 bps, whole shares, long-only',
     'strategy': 'sma_crossover', 'parameters': {'fast': 10, 'slow': 30},
     'commission': {'kind': 'bps', 'bps': '5', 'minimum': '1'}, 'slippage_bps': '10',
     'initial_capital': '100000', 'fractional': False, 'allow_short': False},
    {'name': 'b: mean_reversion RSI 14 (30/70), per share 0.005 (min 1), slippage 5 bps',
     'strategy': 'mean_reversion', 'parameters': {'period': 14, 'lower': 30, 'upper': 70},
     'commission': {'kind': 'per_share', 'per_share': '0.005', 'minimum': '1'}, 'slippage_bps': '5',
     'initial_capital': '100000', 'fractional': False, 'allow_short': False},
    {'name': 'c: bollinger 20, k 2, shorts allowed, no commission, no slippage',
     'strategy': 'bollinger', 'parameters': {'period': 20, 'k': 2},
     'commission': {'kind': 'none'}, 'slippage_bps': '0',
     'initial_capital': '100000', 'fractional': False, 'allow_short': True},
    {'name': 'd: sma_crossover 5/20, fractional shares, no commission, no slippage',
     'strategy': 'sma_crossover', 'parameters': {'fast': 5, 'slow': 20},
     'commission': {'kind': 'none'}, 'slippage_bps': '0',
     'initial_capital': '100000', 'fractional': True, 'allow_short': False},
    # Beyond the four the issue asks for: costs on fractional shares (sizing down at the 0.000001 step),
    # the commission minimum binding, and shorts paying commission and slippage.
    {'name': 'e: sma_crossover 5/20, fractional shares, bps 5 (min 1), slippage 10 bps',
     'strategy': 'sma_crossover', 'parameters': {'fast': 5, 'slow': 20},
     'commission': {'kind': 'bps', 'bps': '5', 'minimum': '1'}, 'slippage_bps': '10',
     'initial_capital': '100000', 'fractional': True, 'allow_short': False},
    {'name': 'f: sma_crossover 10/30, fractional shares, per share 0.005 (min 1 binding), capital 5000',
     'strategy': 'sma_crossover', 'parameters': {'fast': 10, 'slow': 30},
     'commission': {'kind': 'per_share', 'per_share': '0.005', 'minimum': '1'}, 'slippage_bps': '5',
     'initial_capital': '5000', 'fractional': True, 'allow_short': False},
    {'name': 'g: bollinger 20, k 2, shorts allowed, per share 0.005 (min 1), slippage 5 bps',
     'strategy': 'bollinger', 'parameters': {'period': 20, 'k': 2},
     'commission': {'kind': 'per_share', 'per_share': '0.005', 'minimum': '1'}, 'slippage_bps': '5',
     'initial_capital': '100000', 'fractional': False, 'allow_short': True},
    {'name': 'h: mean_reversion RSI 14 (30/70), shorts allowed, bps 5 (min 1), slippage 10 bps, whole shares',
     'strategy': 'mean_reversion', 'parameters': {'period': 14, 'lower': 30, 'upper': 70},
     'commission': {'kind': 'bps', 'bps': '5', 'minimum': '1'}, 'slippage_bps': '10',
     'initial_capital': '100000', 'fractional': False, 'allow_short': True},
]


def main():
    bars = make_bars()
    cases = []
    for case in CASES:
        case = dict(case, id=case['name'][0], start=warmup(case))
        expected = replay(bars, case)
        if len(expected['trades']) < 4:
            raise SystemExit(f'{case["name"]}: only {len(expected["trades"])} trades; pick another SEED')
        cases.append(dict(case, expected=expected))
        print(f'{case["name"]}: {len(expected["fills"])} fills, {len(expected["trades"])} trades, '
              f'sized down {expected["orders_sized_down"]}, skipped {expected["orders_skipped"]}, '
              f'final equity {expected["final_equity"]}')
    doc = {
        'generator': 'scripts/backtest/crosscheck.py (python3 scripts/backtest/crosscheck.py)',
        'seed': SEED,
        'symbol': SYMBOL,
        'bars': bars,
        'cases': cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')
    print('wrote', os.path.relpath(OUT))


if __name__ == '__main__':
    main()
