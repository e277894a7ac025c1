import { aggregate, decayWeight, label, type ScoredItem } from './aggregate';

const at = new Date('2025-06-10T12:00:00.000Z');
const hoursAgo = (h: number) => new Date(at.getTime() - h * 3_600_000);
const item = (kind: 'news' | 'social', score: number, ageH: number, sourceWeight = 1): ScoredItem<string> => ({ kind, score, publishedAt: hoursAgo(ageH), sourceWeight, ref: `${kind}${score}@${ageH}` });
const HL = { news: 24, social: 6 };

describe('sentiment aggregation', () => {
  it('halves an item’s weight every half-life, times its source weight', () => {
    expect(decayWeight(0, 24, 1)).toBe(1);
    expect(decayWeight(24, 24, 1)).toBeCloseTo(0.5, 12);
    expect(decayWeight(48, 24, 2)).toBeCloseTo(0.5, 12);
    expect(decayWeight(-5, 24, 1)).toBe(1);
  });

  it('says insufficient_data with nulls when there is nothing', () => {
    expect(aggregate([], at, HL)).toEqual({
      overall_sentiment: null,
      sentiment_label: 'insufficient_data',
      news_sentiment: null,
      social_sentiment: null,
      analyzed_sources: 0,
      counts: { news: 0, social: 0 },
      top: [],
    });
  });

  it('weights an old strongly negative item less than a fresh positive one', () => {
    const s = aggregate([item('news', -0.9, 72), item('news', 0.5, 1)], at, HL);
    const wOld = 0.5 ** 3;
    const wNew = 0.5 ** (1 / 24);
    expect(s.news_sentiment).toBeCloseTo((wOld * -0.9 + wNew * 0.5) / (wOld + wNew), 4);
    expect(s.news_sentiment!).toBeGreaterThan(0.15);
    expect(s.sentiment_label).toBe('bullish');
    expect(s.top.map((t) => t.ref)).toEqual(['news0.5@1', 'news-0.9@72']);
  });

  it('combines news 0.6 : social 0.4, and uses the kind present when the other has no items', () => {
    const both = aggregate([item('news', 0.5, 0), item('social', -0.5, 0)], at, HL);
    expect(both.overall_sentiment).toBeCloseTo(0.6 * 0.5 - 0.4 * 0.5, 4);
    expect(both.counts).toEqual({ news: 1, social: 1 });
    const onlySocial = aggregate([item('social', -0.4, 2)], at, HL);
    expect(onlySocial).toMatchObject({ news_sentiment: null, social_sentiment: -0.4, overall_sentiment: -0.4, sentiment_label: 'bearish' });
  });

  it('ignores items published after the moment computed', () => {
    expect(aggregate([item('news', 0.9, -2)], at, HL).analyzed_sources).toBe(0);
  });

  it('labels by ±0.15', () => {
    expect([label(0.15), label(0.149), label(-0.15), label(null)]).toEqual(['bullish', 'neutral', 'bearish', 'insufficient_data']);
  });
});
