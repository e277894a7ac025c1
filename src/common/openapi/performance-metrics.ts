/**
 * The one text of each performance figure, for every endpoint that reports them (GET /api/risk/portfolio/{id},
 * POST /api/ml/backtest): the same functions of src/quant compute them. `returns` names the daily simple returns
 * r the figure is computed from; `series` the value series.
 */
export const METRIC_NULL = ' null when undefined (e.g. a zero denominator, or a value series that is not positive throughout).';

export const METRIC_TEXT = {
  sharpe: (returns: string) =>
    `Sharpe ratio, annualised: mean(r − rf) / std(r − rf, ddof 1) × √252, where r are ${returns} and rf the daily ` +
    'risk-free rate. Unitless.' +
    METRIC_NULL,
  sortino: () =>
    'Sortino ratio, annualised (empyrical’s definition): mean(r − rf)·252 / (√(mean over all N days of min(r, 0)²)·√252). ' +
    'Unitless.' +
    METRIC_NULL,
  volatility: () => 'Annualised volatility: std(r, ddof 1) × √252, a fraction per year (0.18 = 18%).' + METRIC_NULL,
  maxDrawdown: (series: string) =>
    `Maximum drawdown of ${series}: min over t of Vₜ / maxₛ≤ₜ Vₛ − 1, a fraction ≤ 0 ` +
    '(−0.12 = a 12% peak-to-trough fall). Not annualised.' +
    METRIC_NULL,
  beta: () =>
    'Beta to `benchmark`: Cov(r, b) / Var(b), both population (ddof 0), b the benchmark’s daily simple returns on the ' +
    'same dates. Unitless.' +
    METRIC_NULL,
  alpha: () => 'Jensen’s alpha, annualised: (mean(r − rf) − β·mean(b − rf)) × 252, a fraction per year (simple, not compounded).' + METRIC_NULL,
} as const;
