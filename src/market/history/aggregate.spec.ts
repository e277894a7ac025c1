import { aggregateBars, monthStart, weekStart, type DailyRow } from './aggregate';

const row = (date: string, open: number, high: number, low: number, close: number, volume: number): DailyRow => ({
  date,
  open,
  high,
  low,
  close,
  volume,
  adj_close: close * 0.99,
  source: 'simulated',
});

describe('aggregateBars', () => {
  const days = [
    row('2025-05-29', 10, 11, 9, 10.5, 100), // Thu
    row('2025-05-30', 10.5, 12, 10, 11, 200), // Fri
    row('2025-06-02', 11, 11.5, 8, 9, 300), // Mon
    row('2025-06-03', 9, 13, 8.5, 12, 400), // Tue
    row('2025-06-06', 12, 12.5, 11, 12.2, 500), // Fri
  ];

  it('labels weeks by their Monday and months by their first day', () => {
    expect(weekStart('2025-06-06')).toBe('2025-06-02');
    expect(weekStart('2025-06-02')).toBe('2025-06-02');
    expect(weekStart('2025-06-08')).toBe('2025-06-02'); // Sunday belongs to the week before it
    expect(weekStart('2025-01-01')).toBe('2024-12-30');
    expect(monthStart('2025-06-17')).toBe('2025-06-01');
  });

  it('builds weekly bars: first open, last close, max high, min low, summed volume', () => {
    expect(aggregateBars(days, '1wk')).toEqual([
      { date: '2025-05-26', open: 10, high: 12, low: 9, close: 11, adj_close: 11 * 0.99, volume: 300, source: 'simulated' },
      { date: '2025-06-02', open: 11, high: 13, low: 8, close: 12.2, adj_close: 12.2 * 0.99, volume: 1200, source: 'simulated' },
    ]);
  });

  it('builds monthly bars across a month boundary', () => {
    expect(aggregateBars(days, '1mo')).toEqual([
      { date: '2025-05-01', open: 10, high: 12, low: 9, close: 11, adj_close: 11 * 0.99, volume: 300, source: 'simulated' },
      { date: '2025-06-01', open: 11, high: 13, low: 8, close: 12.2, adj_close: 12.2 * 0.99, volume: 1200, source: 'simulated' },
    ]);
  });

  it('says mixed when the days of a bar came from several sources', () => {
    const imported = days.map((d) => (d.date === '2025-06-03' ? { ...d, source: 'csv' } : d));
    expect(aggregateBars(imported, '1wk').map((b) => b.source)).toEqual(['simulated', 'mixed']);
    expect(aggregateBars(days.map((d) => ({ ...d, source: 'csv' })), '1mo').map((b) => b.source)).toEqual(['csv', 'csv']);
  });

  it('does not mutate its input and handles an empty series', () => {
    const copy = structuredClone(days);
    aggregateBars(days, '1wk');
    expect(days).toEqual(copy);
    expect(aggregateBars([], '1mo')).toEqual([]);
  });

  it('keeps OHLC invariants on a long random series', () => {
    let price = 100;
    const long: DailyRow[] = [];
    for (let d = Date.UTC(2020, 0, 1); d < Date.UTC(2022, 0, 1); d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      const open = price;
      price = price * (1 + (Math.sin(d) * 0.02));
      const high = Math.max(open, price) * 1.01;
      const low = Math.min(open, price) * 0.99;
      long.push(row(date, open, high, low, price, 1000));
    }
    for (const interval of ['1wk', '1mo'] as const) {
      const bars = aggregateBars(long, interval);
      expect(bars.reduce((s, b) => s + b.volume, 0)).toBe(long.length * 1000);
      for (const b of bars) {
        expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
        expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      }
    }
  });
});
