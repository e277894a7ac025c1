import { SentimentIntensityAnalyzer } from 'vader-sentiment';
import { FINANCE_LEXICON, FINANCE_LEXICON_VERSION } from './finance-lexicon';

/**
 * Item scoring: VADER's compound score with the finance lexicon layered on it.
 *
 * For one text: finance terms (longest phrase first, up to 4 words) are taken out of the text VADER sees (replaced
 * by a neutral placeholder, so VADER's own 3-word negation window still lines up); VADER's compound is turned back
 * into its raw valence sum (compound = x / √(x² + 15), VADER's normalisation); each finance term adds its lexicon
 * value, negated and damped by VADER's rule (× −0.74) when one of the 3 words before it negates, and weighted ×0.5
 * before / ×1.5 after a "but" as VADER weights its own words; the sum is normalised back into [−1, 1].
 *
 * For an item: the title is scored as one text; the body sentence by sentence (first 20 sentences, mean of their
 * scores, as VADER's authors recommend for paragraphs). Item score = (2 × title + 1 × body) / 3 when both exist,
 * otherwise whichever exists.
 */

export const TITLE_WEIGHT = 2;
export const BODY_WEIGHT = 1;
const MAX_BODY_SENTENCES = 20;
const ALPHA = 15;
const NEGATION_SCALAR = -0.74;
const PLACEHOLDER = 'fterm';
const MAX_PHRASE_WORDS = 4;

const NEGATORS = new Set([
  'not', 'no', 'never', 'none', 'nor', 'neither', 'nothing', 'without', 'cannot', 'hardly', 'barely', 'rarely', 'seldom',
  'fails', 'failed', 'fail', 'despite', 'isnt', 'wasnt', 'arent', 'dont', 'doesnt', 'didnt', 'wont', 'cant', 'hasnt', 'havent',
]);

const PHRASES = new Map<string, number>(Object.entries(FINANCE_LEXICON));

export interface TextScore {
  compound: number;
  /** The finance terms found, with the valence each contributed. */
  terms: Array<{ term: string; valence: number }>;
}

export interface ItemScore {
  score: number;
  title: number | null;
  body: number | null;
  terms: string[];
  lexicon_version: string;
}

const word = (token: string): string => token.toLowerCase().replace(/^[^a-z0-9$]+|[^a-z0-9%]+$/g, '');
const isNegator = (w: string): boolean => NEGATORS.has(w.replace(/'/g, '')) || w.endsWith("n't");

export function normalize(sum: number): number {
  const c = sum / Math.sqrt(sum * sum + ALPHA);
  return Math.max(-1, Math.min(1, c));
}

/** VADER's raw valence sum from its (4-decimal) compound score. */
function denormalize(compound: number): number {
  const c = Math.max(-0.9999, Math.min(0.9999, compound));
  return (c * Math.sqrt(ALPHA)) / Math.sqrt(1 - c * c);
}

export function scoreText(text: string): TextScore {
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  const words = tokens.map(word);
  const butAt = words.indexOf('but');
  const terms: TextScore['terms'] = [];
  let finance = 0;
  for (let i = 0; i < words.length; ) {
    let matched = 0;
    for (let n = Math.min(MAX_PHRASE_WORDS, words.length - i); n >= 1; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      const value = PHRASES.get(phrase);
      if (value === undefined) continue;
      let v = value;
      for (let k = Math.max(0, i - 3); k < i; k++) if (isNegator(words[k])) v *= NEGATION_SCALAR;
      if (butAt >= 0) v *= i < butAt ? 0.5 : i > butAt ? 1.5 : 1;
      if (value !== 0) terms.push({ term: phrase, valence: round(v, 3) });
      finance += v;
      for (let k = i; k < i + n; k++) tokens[k] = PLACEHOLDER;
      matched = n;
      break;
    }
    i += matched || 1;
  }
  const vader = SentimentIntensityAnalyzer.polarity_scores(tokens.join(' ')).compound;
  const compound = terms.length === 0 ? vader : normalize(denormalize(vader) + finance);
  return { compound: round(compound, 4), terms };
}

export function sentences(body: string): string[] {
  return body
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function scoreItem(title: string | null, body: string | null): ItemScore {
  const t = title?.trim() ? scoreText(title) : null;
  let b: number | null = null;
  const terms = new Set(t?.terms.map((x) => x.term) ?? []);
  const parts = body?.trim() ? sentences(body).slice(0, MAX_BODY_SENTENCES) : [];
  if (parts.length) {
    let sum = 0;
    for (const s of parts) {
      const r = scoreText(s);
      sum += r.compound;
      for (const x of r.terms) terms.add(x.term);
    }
    b = round(sum / parts.length, 4);
  }
  const tc = t?.compound ?? null;
  const score = tc !== null && b !== null ? (TITLE_WEIGHT * tc + BODY_WEIGHT * b) / (TITLE_WEIGHT + BODY_WEIGHT) : (tc ?? b ?? 0);
  return { score: round(score, 4), title: tc, body: b, terms: [...terms], lexicon_version: FINANCE_LEXICON_VERSION };
}

/** Label of a score by the documented thresholds: ≥ +0.15 positive/bullish, ≤ −0.15 negative/bearish. */
export const LABEL_THRESHOLD = 0.15;
export function polarity(score: number): 'positive' | 'negative' | 'neutral' {
  return score >= LABEL_THRESHOLD ? 'positive' : score <= -LABEL_THRESHOLD ? 'negative' : 'neutral';
}

export function round(x: number, dp: number): number {
  const f = 10 ** dp;
  return Math.round(x * f) / f;
}
