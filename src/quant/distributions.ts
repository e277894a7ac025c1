/*
 * The one door to jstat, which ships no type declarations: typed here rather than with an ambient
 * `declare module` so no other module's declaration can collide with ours.
 */
interface JStatApi {
  normal: { inv(p: number, mean: number, sd: number): number; pdf(x: number, mean: number, sd: number): number };
  studentt: { inv(p: number, dof: number): number; pdf(x: number, dof: number): number };
  chisquare: { cdf(x: number, dof: number): number };
}
const { jStat } = require('jstat') as { jStat: JStatApi };

/** Standard normal quantile Φ⁻¹(p). */
export const normalInv = (p: number): number => jStat.normal.inv(p, 0, 1);
/** Standard normal density φ(x). */
export const normalPdf = (x: number): number => jStat.normal.pdf(x, 0, 1);
/** Student-t quantile t_ν⁻¹(p) (unit scale, variance ν/(ν−2)). */
export const studentTInv = (p: number, dof: number): number => jStat.studentt.inv(p, dof);
/** Student-t density f_ν(x) (unit scale). */
export const studentTPdf = (x: number, dof: number): number => jStat.studentt.pdf(x, dof);
/** Chi-square CDF F_k(x). */
export const chiSquareCdf = (x: number, dof: number): number => jStat.chisquare.cdf(x, dof);
