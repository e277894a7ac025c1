import { LABEL_THRESHOLD, round } from './scoring';

/**
 * A symbol's sentiment from its scored items, pure.
 * - Each item weighs `source weight × 0.5^(age / half-life of its kind)`, age in hours from publication to the
 *   moment computed (items published later than it are not counted; a future timestamp counts as age 0).
 * - `news_sentiment` / `social_sentiment`: the weighted mean of item scores of that kind; null without items.
 * - `overall_sentiment`: NEWS_WEIGHT × news + SOCIAL_WEIGHT × social (renormalised to the kinds present); null
 *   when neither has items.
 * - `sentiment_label`: bullish ≥ +0.15, bearish ≤ −0.15, neutral between, `insufficient_data` without items.
 */

export type NewsKind = 'news' | 'social';
export const NEWS_WEIGHT = 0.6;
export const SOCIAL_WEIGHT = 0.4;

export interface ScoredItem<T = unknown> {
  kind: NewsKind;
  score: number;
  publishedAt: Date;
  sourceWeight: number;
  ref: T;
}

export interface Sentiment<T = unknown> {
  overall_sentiment: number | null;
  sentiment_label: 'bullish' | 'neutral' | 'bearish' | 'insufficient_data';
  news_sentiment: number | null;
  social_sentiment: number | null;
  analyzed_sources: number;
  counts: { news: number; social: number };
  /** The items that weigh most, heaviest first, with their weight. */
  top: Array<{ ref: T; weight: number }>;
}

export function label(overall: number | null): Sentiment['sentiment_label'] {
  if (overall === null) return 'insufficient_data';
  return overall >= LABEL_THRESHOLD ? 'bullish' : overall <= -LABEL_THRESHOLD ? 'bearish' : 'neutral';
}

export function decayWeight(ageHours: number, halfLifeHours: number, sourceWeight: number): number {
  return sourceWeight * 0.5 ** (Math.max(0, ageHours) / halfLifeHours);
}

export function aggregate<T>(items: readonly ScoredItem<T>[], at: Date, halfLives: Record<NewsKind, number>, topN = 5): Sentiment<T> {
  const sums = { news: { w: 0, ws: 0, n: 0 }, social: { w: 0, ws: 0, n: 0 } };
  const weighted: Array<{ ref: T; weight: number }> = [];
  for (const it of items) {
    if (it.publishedAt.getTime() > at.getTime() + 1000) continue;
    const w = decayWeight((at.getTime() - it.publishedAt.getTime()) / 3_600_000, halfLives[it.kind], it.sourceWeight);
    const s = sums[it.kind];
    s.n++;
    s.w += w;
    s.ws += w * it.score;
    weighted.push({ ref: it.ref, weight: w });
  }
  const mean = (k: NewsKind): number | null => (sums[k].n === 0 || sums[k].w <= 0 ? null : clamp(sums[k].ws / sums[k].w));
  const news = mean('news');
  const social = mean('social');
  let overall: number | null = null;
  if (news !== null || social !== null) {
    const wn = news === null ? 0 : NEWS_WEIGHT;
    const ws = social === null ? 0 : SOCIAL_WEIGHT;
    overall = clamp(((news ?? 0) * wn + (social ?? 0) * ws) / (wn + ws));
  }
  weighted.sort((a, b) => b.weight - a.weight);
  const r = (x: number | null) => (x === null ? null : round(x, 4));
  return {
    overall_sentiment: r(overall),
    sentiment_label: label(r(overall)),
    news_sentiment: r(news),
    social_sentiment: r(social),
    analyzed_sources: sums.news.n + sums.social.n,
    counts: { news: sums.news.n, social: sums.social.n },
    top: weighted.slice(0, topN),
  };
}

const clamp = (x: number): number => Math.max(-1, Math.min(1, x));
