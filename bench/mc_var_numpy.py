"""Monte Carlo VaR anchor for bench/run: the same computation as src/quant/var.ts monteCarloPortfolioVar (normal,
no contributions) in numpy, on the moments and exposures the TypeScript side wrote. Prints JSON timings (median ms).

    python3 bench/mc_var_numpy.py moments.json
"""
import json
import sys
import time

import numpy as np


def median_ms(f, runs):
    f()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        samples.append((time.perf_counter() - t0) * 1000)
    return float(np.median(samples)), f()


def main():
    d = json.load(open(sys.argv[1]))
    cov = np.array(d["covariance"], dtype=np.float64)
    mean = np.array(d["mean"], dtype=np.float64)
    v = np.array(d["values"], dtype=np.float64)
    paths, conf = int(d["paths"]), float(d["confidence"])
    rng = np.random.default_rng(1)

    def same_algorithm():
        # P&L per path = mean·v + (L z)·v = mean·v + z·(Lᵀv): one draw of paths × n normals and a matrix-vector product.
        l = np.linalg.cholesky(cov)
        w = l.T @ v
        z = rng.standard_normal((paths, len(v)))
        pnl = mean @ v + z @ w
        return float(-np.quantile(pnl, 1 - conf))

    def full_returns():
        # Simulated asset returns first (paths × n, a matrix multiply), then the portfolio P&L.
        l = np.linalg.cholesky(cov)
        z = rng.standard_normal((paths, len(v)))
        r = mean + z @ l.T
        return float(-np.quantile(r @ v, 1 - conf))

    ms_same, var_same = median_ms(same_algorithm, 5)
    ms_full, var_full = median_ms(full_returns, 5)
    print(json.dumps({"numpy": np.__version__, "same_ms": ms_same, "same_var": var_same, "full_ms": ms_full, "full_var": var_full}))


main()
