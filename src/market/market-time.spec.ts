import { sessionsAfter } from './market-time';

describe('sessionsAfter (NYSE calendar)', () => {
  it('skips weekends and holidays, from a trading day or not', () => {
    expect(sessionsAfter('2025-07-03', 3)).toEqual(['2025-07-07', '2025-07-08', '2025-07-09']); // 4 July is a Friday
    expect(sessionsAfter('2025-12-24', 2)).toEqual(['2025-12-26', '2025-12-29']);
    expect(sessionsAfter('2025-06-14', 1)).toEqual(['2025-06-16']); // a Saturday
    expect(sessionsAfter('2025-06-13', 0)).toEqual([]);
  });
});
