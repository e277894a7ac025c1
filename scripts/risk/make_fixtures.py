#!/usr/bin/python3
"""Known-answer fixtures for src/quant, computed independently with numpy/scipy.

Run with Debian's python (apt-get install python3-numpy python3-scipy):
    /usr/bin/python3 scripts/risk/make_fixtures.py
It rewrites src/quant/__fixtures__/risk-fixtures.json deterministically (seeded numpy Generator).
Definitions mirror the issue: numpy's default (linear) quantile, VaR/CVaR as positive losses, Sharpe with
ddof 1 and sqrt(252), empyrical's Sortino, population beta, Jensen's alpha x252, rf per period (1+rf)^(1/252)-1.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import integrate, special, stats

P = 252
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'quant', '__fixtures__', 'risk-fixtures.json')


def rf_period(annual):
    return (1 + annual) ** (1 / P) - 1


def sharpe(r, rf=0.0):
    ex = np.asarray(r) - rf_period(rf)
    return ex.mean() / ex.std(ddof=1) * math.sqrt(P)


def sortino(r, rf=0.0, target=0.0):
    r = np.asarray(r)
    ex = r - rf_period(rf)
    downside = np.sqrt(np.mean(np.minimum(r - target, 0.0) ** 2)) * math.sqrt(P)
    return ex.mean() * P / downside


def beta(r, b):
    r, b = np.asarray(r), np.asarray(b)
    return np.cov(r, b, ddof=0)[0, 1] / np.var(b)


def alpha(r, b, rf=0.0):
    r, b = np.asarray(r), np.asarray(b)
    d = rf_period(rf)
    return ((r - d).mean() - beta(r, b) * (b - d).mean()) * P


def max_drawdown(r):
    wealth = np.concatenate([[1.0], np.cumprod(1 + np.asarray(r))])
    peak = np.maximum.accumulate(wealth)
    return float((wealth / peak - 1).min())


def vol(r):
    return np.std(r, ddof=1) * math.sqrt(P)


def hist_var(x, c):
    x = np.asarray(x)
    q = np.quantile(x, 1 - c)  # method='linear' is numpy's default
    return float(-q), float(-x[x <= q].mean())


def hist_components(scen, v, c):
    pnl = scen @ v
    order = np.argsort(pnl, kind='stable')
    h = (len(pnl) - 1) * (1 - c)
    lo = int(math.floor(h))
    hi = min(lo + 1, len(pnl) - 1)
    g = h - lo
    marginal = -((1 - g) * scen[order[lo]] + g * scen[order[hi]])
    q = np.quantile(pnl, 1 - c)
    tail = pnl <= q
    comp_cvar = -(scen[tail] * v).mean(axis=0)
    return marginal, marginal * v, comp_cvar


def es_by_quadrature(dist, c):
    """Expected shortfall of a standardised loss distribution by integrating its lower tail."""
    a = 1 - c
    q = dist.ppf(a)
    val, _ = integrate.quad(lambda x: x * dist.pdf(x), -np.inf, q, epsabs=1e-14, epsrel=1e-12, limit=200)
    return -val / a


def parametric(mu, cov, v, c, h=1, dof=None, zero_mean=False):
    mu = np.zeros_like(mu) if zero_mean else mu
    sigma_v = cov @ v
    sd = math.sqrt(v @ sigma_v)
    if dof is None:
        dist = stats.norm()
        s = 1.0
    else:
        s = math.sqrt((dof - 2) / dof)
        dist = stats.t(dof, scale=s)  # unit variance
    k = -dist.ppf(1 - c)
    e = es_by_quadrature(dist, c)
    var = -(v @ mu) * h + k * sd * math.sqrt(h)
    cvar = -(v @ mu) * h + e * sd * math.sqrt(h)
    marginal = -mu * h + k * math.sqrt(h) * sigma_v / sd
    return {'var': var, 'cvar': cvar, 'marginal_var': marginal.tolist(), 'component_var': (marginal * v).tolist(),
            'component_cvar': (v * (-mu * h + e * math.sqrt(h) * sigma_v / sd)).tolist(), 'k': k, 'e': e}


def overlapping(r, h):
    r = np.asarray(r)
    return np.array([np.prod(1 + r[t:t + h], axis=0) - 1 for t in range(len(r) - h + 1)])


def kupiec(x, n, p):
    pi = x / n

    def ll(rate):
        return special.xlogy(n - x, 1 - rate) + special.xlogy(x, rate)
    lr = max(0.0, -2 * (ll(p) - ll(pi)))
    return {'exceptions': x, 'n': n, 'p': p, 'lr': lr, 'p_value': float(stats.chi2.sf(lr, 1))}


# --- xoshiro128** and splitmix32, re-implemented here to pin the TypeScript stream ---
M32 = 0xFFFFFFFF


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


def xoshiro128ss(state, count):
    s = list(state)
    out = []
    for _ in range(count):
        out.append((rotl((s[1] * 5) & M32, 7) * 9) & M32)
        t = (s[1] << 9) & M32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 11)
    return out


def splitmix32(seed, count):
    s = seed & M32
    out = []
    for _ in range(count):
        s = (s + 0x9E3779B9) & M32
        z = s
        z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
        z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
        out.append(z ^ (z >> 16))
    return out


def main():
    fx = {'generator': {'numpy': np.__version__, 'scipy': scipy.__version__, 'script': 'scripts/risk/make_fixtures.py'}}

    # 1. The worked example.
    r = [.01, -.02, .015, -.005, .03, -.01, .002, -.025, .012, .004]
    b = [.008, -.015, .01, -.002, .02, -.012, .001, -.02, .01, .003]
    fx['issue_example'] = {
        'returns': r, 'benchmark': b,
        'sharpe': sharpe(r), 'beta': beta(r, b), 'max_drawdown': max_drawdown(r),
        'sortino': sortino(r), 'alpha': alpha(r, b), 'volatility': vol(r),
        'rf_4pct': {'risk_free_rate': 0.04, 'rf_period': rf_period(0.04), 'sharpe': sharpe(r, 0.04),
                    'sortino': sortino(r, 0.04), 'alpha': alpha(r, b, 0.04)},
    }

    # 2. A bigger seeded sample: 4 correlated fat-tailed assets and a benchmark, 750 days.
    rng = np.random.default_rng(20240601)
    T, dof = 750, 5
    vols = np.array([0.010, 0.015, 0.020, 0.012, 0.009])
    corr = np.array([[1.0, 0.6, 0.3, 0.2, 0.7],
                     [0.6, 1.0, 0.4, 0.1, 0.6],
                     [0.3, 0.4, 1.0, -0.2, 0.3],
                     [0.2, 0.1, -0.2, 1.0, 0.2],
                     [0.7, 0.6, 0.3, 0.2, 1.0]])
    cov_true = np.outer(vols, vols) * corr
    z = rng.multivariate_normal(np.zeros(5), cov_true, size=T)
    w = rng.chisquare(dof, size=(T, 1))
    sample = 0.0003 + z * np.sqrt((dof - 2) / w)
    R, bench = sample[:, :4], sample[:, 4]
    symbols = ['AAA', 'BBB', 'CCC', 'DDD']
    values = np.array([250000.0, -80000.0, 150000.0, 100000.0])
    weights = np.array([0.4, 0.3, 0.2, 0.1])
    rp = R @ weights
    pnl = R @ values
    mu, cov = R.mean(axis=0), np.cov(R, rowvar=False, ddof=1)

    confidences = [0.9, 0.95, 0.975, 0.99, 0.999]
    probs = [0.0, 0.001, 0.01, 0.025, 0.05, 0.1, 0.5, 0.95, 1.0]
    big = {
        'symbols': symbols, 'returns': R.tolist(), 'benchmark': bench.tolist(), 'values': values.tolist(),
        'weights': weights.tolist(),
        'quantiles': {'series': 'returns[:,0]', 'p': probs, 'q': [float(np.quantile(R[:, 0], p)) for p in probs]},
        'mean': mu.tolist(), 'covariance': cov.tolist(), 'cholesky': np.linalg.cholesky(cov).tolist(),
        'correlation': np.corrcoef(R, rowvar=False).tolist(),
        'performance': {'risk_free_rate': 0.04, 'sharpe': sharpe(rp, 0.04), 'sortino': sortino(rp, 0.04),
                        'sharpe_rf0': sharpe(rp), 'sortino_rf0': sortino(rp), 'beta': beta(rp, bench),
                        'alpha': alpha(rp, bench, 0.04), 'volatility': vol(rp), 'max_drawdown': max_drawdown(rp),
                        'downside_deviation': float(np.sqrt(np.mean(np.minimum(rp, 0) ** 2)))},
        'historical': [],
        'historical_returns_series': [],
        'parametric_normal': [], 'parametric_t5': [],
    }
    for c in confidences:
        var, cvar = hist_var(pnl, c)
        marginal, comp, comp_cvar = hist_components(R, values, c)
        big['historical'].append({'confidence': c, 'var': var, 'cvar': cvar, 'marginal_var': marginal.tolist(),
                                  'component_var': comp.tolist(), 'component_cvar': comp_cvar.tolist()})
        rv, rc = hist_var(rp, c)
        big['historical_returns_series'].append({'confidence': c, 'portfolio_value': 1e6, 'var': rv * 1e6,
                                                 'cvar': rc * 1e6, 'var_10d_sqrt': rv * 1e6 * math.sqrt(10)})
        big['parametric_normal'].append({'confidence': c, **parametric(mu, cov, values, c)})
        big['parametric_t5'].append({'confidence': c, **parametric(mu, cov, values, c, dof=5)})
    big['parametric_normal_10d_zero_mean_99'] = parametric(mu, cov, values, 0.99, h=10, zero_mean=True)
    big['parametric_t4_5d_99'] = parametric(mu, cov, values, 0.99, h=5, dof=4)

    R10 = overlapping(R, 10)
    var10, cvar10 = hist_var(R10 @ values, 0.99)
    m10, c10, cc10 = hist_components(R10, values, 0.99)
    rp10 = overlapping(rp, 10)
    rv10, rc10 = hist_var(rp10, 0.99)
    big['overlapping_10d_99'] = {'horizon_days': 10, 'confidence': 0.99, 'var': var10, 'cvar': cvar10,
                                 'component_var': c10.tolist(), 'component_cvar': cc10.tolist(),
                                 'returns_series_var': rv10 * 1e6, 'returns_series_cvar': rc10 * 1e6}
    fx['sample'] = big

    # 3. Price alignment: three symbols with holes, simple and log returns on the common dates.
    days = np.arange(np.datetime64('2024-01-01'), np.datetime64('2024-03-31'))
    days = days[np.is_busday(days)]
    series, closes = {}, {}
    for sym, drop in (('AAA', 0.1), ('BBB', 0.15), ('CCC', 0.05)):
        px = 100 * np.cumprod(1 + rng.normal(0.0005, 0.015, size=len(days)))
        keep = rng.random(len(days)) > drop
        pts = [{'date': str(d), 'close': float(p)} for d, p, k in zip(days, px, keep) if k]
        rng.shuffle(pts)  # input order must not matter
        series[sym] = pts
        closes[sym] = {p['date']: p['close'] for p in pts}
    common = sorted(set.intersection(*(set(c) for c in closes.values())))
    prices = np.array([[closes[s][d] for s in series] for d in common])
    fx['alignment'] = {'series': series, 'dates': common, 'return_dates': common[1:],
                       'simple': (prices[1:] / prices[:-1] - 1).tolist(), 'log': np.log(prices[1:] / prices[:-1]).tolist()}

    # 4. Kupiec POF.
    fx['kupiec'] = [kupiec(x, n, p) for x, n, p in
                    ((0, 250, 0.01), (2, 250, 0.01), (5, 250, 0.01), (10, 250, 0.01), (30, 2000, 0.01),
                     (20, 2000, 0.01), (45, 2000, 0.01), (120, 2000, 0.05), (250, 250, 0.01))]

    # 5. Distribution quantiles the parametric VaR leans on.
    fx['tail_factors'] = [{'confidence': c, 'normal_k': float(-stats.norm.ppf(1 - c)),
                           'normal_e': es_by_quadrature(stats.norm(), c),
                           't5_k': float(-stats.t(5, scale=math.sqrt(3 / 5)).ppf(1 - c)),
                           't5_e': es_by_quadrature(stats.t(5, scale=math.sqrt(3 / 5)), c)}
                          for c in (0.9, 0.95, 0.99, 0.999)]

    # 6. RNG stream pins.
    fx['rng'] = {'xoshiro128ss_state_1234': xoshiro128ss([1, 2, 3, 4], 10),
                 'splitmix32_seed_42': splitmix32(42, 4),
                 'create_rng_seed_42': xoshiro128ss(splitmix32(42, 4), 6)}

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(fx, f, indent=1)
        f.write('\n')
    print('wrote', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
