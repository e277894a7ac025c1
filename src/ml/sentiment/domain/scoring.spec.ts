import { LABELLED } from '../__fixtures__/labelled-headlines';
import { FINANCE_LEXICON_VERSION } from './finance-lexicon';
import { polarity, scoreItem, scoreText } from './scoring';

describe('sentiment scoring (VADER + finance lexicon)', () => {
  it('scores market words VADER misses or gets wrong', () => {
    expect(scoreText('Shares plunge').compound).toBeLessThan(-0.3); // VADER alone: +0.296
    expect(scoreText('Apple beats estimates').compound).toBeGreaterThan(0.3); // VADER alone: 0
    expect(scoreText('Analyst downgrade').compound).toBeLessThan(-0.3);
    expect(scoreText('Retailer files for bankruptcy').terms).toEqual([{ term: 'files for bankruptcy', valence: -3.4 }]);
    expect(scoreText('Microsoft shares unchanged').compound).toBe(0);
  });

  it('negates a finance term after a negator and weights the clause after "but"', () => {
    expect(scoreText('Stock did not plunge').compound).toBeGreaterThan(0);
    expect(scoreText('Company failed to beat estimates').compound).toBeLessThan(0);
    const mixed = scoreText('Revenue beat estimates but guidance cut');
    expect(mixed.terms).toEqual([{ term: 'beat estimates', valence: 1.2 }, { term: 'guidance cut', valence: -3.9 }]);
    expect(mixed.compound).toBeLessThan(0);
  });

  it('weights title 2 : body 1 (body = mean of its sentences) and records the lexicon version', () => {
    const t = scoreText('Nvidia shares surge').compound;
    const b = (scoreText('Demand was strong.').compound + scoreText('Supply is tight.').compound) / 2;
    const item = scoreItem('Nvidia shares surge', 'Demand was strong. Supply is tight.');
    expect(item.title).toBe(t);
    expect(item.body).toBeCloseTo(b, 4);
    expect(item.score).toBeCloseTo((2 * t + item.body!) / 3, 4);
    expect(item.lexicon_version).toBe(FINANCE_LEXICON_VERSION);
    expect(scoreItem(null, 'Shares plunge').score).toBe(scoreText('Shares plunge').compound);
  });

  it('labels at ±0.15', () => {
    expect(polarity(0.15)).toBe('positive');
    expect(polarity(0.1499)).toBe('neutral');
    expect(polarity(-0.15)).toBe('negative');
  });

  it('agrees with the hand labels on ≥ 80% of the labelled set, and on ≥ 80% of the held-out third', () => {
    const want = { p: 'positive', n: 'negative', u: 'neutral' } as const;
    const agree = { tuning: [0, 0], heldOut: [0, 0] };
    LABELLED.forEach(([text, l], i) => {
      const bucket = i % 3 === 2 ? agree.heldOut : agree.tuning;
      bucket[1]++;
      if (polarity(scoreItem(text, null).score) === want[l]) bucket[0]++;
    });
    const all = (agree.tuning[0] + agree.heldOut[0]) / LABELLED.length;
    process.stdout.write(
      `labelled set: ${LABELLED.length} items, agreement ${(all * 100).toFixed(1)}%; tuning ${agree.tuning[0]}/${agree.tuning[1]}, held-out ${agree.heldOut[0]}/${agree.heldOut[1]} (${((agree.heldOut[0] / agree.heldOut[1]) * 100).toFixed(1)}%)\n`,
    );
    expect(LABELLED.length).toBeGreaterThanOrEqual(150);
    for (const label of ['p', 'n', 'u']) expect(LABELLED.filter(([, l]) => l === label).length).toBeGreaterThanOrEqual(40);
    expect(all).toBeGreaterThanOrEqual(0.8);
    expect(agree.heldOut[0] / agree.heldOut[1]).toBeGreaterThanOrEqual(0.8);
  });
});
