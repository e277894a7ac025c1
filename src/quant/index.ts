/*
 * Risk math: pure functions, no framework. Units: fractions (0.25 = 25%) for returns, rates, ratios and
 * confidence levels; money only where a portfolio value or a P&L enters, and VaR/CVaR then come out
 * as positive money meaning loss. Daily periods, 252 a year, unless a function says otherwise.
 */
export * from './kupiec';
export { RiskMathError } from './errors';
export type { RiskMathErrorCode } from './errors';
export { alignHistory } from './aligned-history';
export type { AlignedHistory, DatedClose } from './aligned-history';
export { cholesky, column, columnMeans, columns, covarianceMatrix, dot, matVec, pivotedCholesky } from './linalg';
export type { Matrix, PivotedCholesky } from './linalg';
export * from './performance';
export * from './returns';
export { cyrb128, Rng } from './rng';
export type { SeedPart } from './rng';
export { mean, populationCovariance, populationVariance, quantile, quantileSorted, sampleStd } from './stats';
export * from './var';
export * from './figures';
export { normalInv } from './distributions';
export * from './costs';
