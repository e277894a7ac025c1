import { parseDailyCsv } from './csv-parser';

const YAHOO = `Date,Open,High,Low,Close,Adj Close,Volume
2024-01-02,187.149994,188.440002,183.889999,185.639999,184.938217,82488700
2024-01-03,184.220001,185.880005,183.429993,184.250000,183.553467,58414500
2024-01-04,182.149994,183.089996,180.880005,181.910004,181.222321,71983600
`;

describe('parseDailyCsv', () => {
  it('reads a Yahoo export, keeping adj close', () => {
    const r = parseDailyCsv(YAHOO);
    expect(r.errors).toEqual([]);
    expect(r.format).toBe('yahoo');
    expect(r.symbol).toBeNull();
    expect(r.bars).toHaveLength(3);
    expect(r.bars[0]).toEqual({
      date: '2024-01-02',
      open: '187.149994',
      high: '188.440002',
      low: '183.889999',
      close: '185.639999',
      adjClose: '184.938217',
      volume: '82488700',
    });
  });

  it('reads a Stooq per-symbol CSV (no adj close), CRLF line ends and a BOM', () => {
    const text = '\uFEFFDate,Open,High,Low,Close,Volume\r\n2024-01-03,184.22,185.88,183.43,184.25,58414500\r\n2024-01-02,187.15,188.44,183.885,185.64,82488700\r\n';
    const r = parseDailyCsv(text);
    expect(r.errors).toEqual([]);
    expect(r.format).toBe('stooq');
    expect(r.bars.map((b) => b.date)).toEqual(['2024-01-02', '2024-01-03']); // sorted
    expect(r.bars[0].adjClose).toBeNull();
  });

  it('reads a Stooq bulk file and names its ticker', () => {
    const text = `<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>
AAPL.US,D,20240102,000000,187.15,188.44,183.885,185.64,8.24887e+07,0
AAPL.US,D,20240103,000000,184.22,185.88,183.43,184.25,58414500,0
`;
    const r = parseDailyCsv(text);
    expect(r.errors).toEqual([]);
    expect(r.format).toBe('stooq-bulk');
    expect(r.symbol).toBe('AAPL');
    expect(r.bars[0].volume).toBe('82488700');
  });

  it('reports every bad row by line number', () => {
    const text = `Date,Open,High,Low,Close,Adj Close,Volume
2024-01-02,187.15,188.44,183.89,185.64,184.94,82488700
2024-01-06,1,1,1,1,1,1
2024-01-03,null,null,null,null,null,null
2024-13-01,1,1,1,1,1,1
2024-01-04,182.15,181.00,180.88,181.91,181.22,71983600
2024-01-05,10,12,9,11,11,abc
2024-01-02,187.15,188.44,183.89,185.64,184.94,82488700
2024-01-08,1,2,3
2024-01-09,-1,2,0.5,1,1,100
2099-01-02,1,1,1,1,1,1
`;
    const r = parseDailyCsv(text, { latest: '2025-01-01' });
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const msg = Object.fromEntries(r.errors.map((e) => [e.line, e.message]));
    expect(msg[3]).toBe('2024-01-06 is not an NYSE trading day');
    expect(msg[4]).toBe('missing values (null): open, high, low, close, adj close, volume');
    expect(msg[5]).toContain('invalid date "2024-13-01"');
    expect(msg[6]).toContain('high 181 is below open or close');
    expect(msg[7]).toContain('volume "abc" is not a number');
    expect(msg[8]).toBe('duplicate date 2024-01-02 (first on line 2)');
    expect(msg[9]).toBe('expected 7 fields, found 4');
    expect(msg[10]).toContain('open "-1" is not a number');
    expect(msg[11]).toBe('date 2099-01-02 is after 2025-01-01, the last closed session');
    expect(r.bars.map((b) => b.date)).toEqual(['2024-01-02']);
  });

  it('refuses unknown headers, empty files and header-only files on line 1', () => {
    expect(parseDailyCsv('').errors).toEqual([{ line: 1, message: 'the file is empty' }]);
    expect(parseDailyCsv('Date,Price\n2024-01-02,1\n').errors[0]).toMatchObject({ line: 1 });
    expect(parseDailyCsv('Date,Price\n').errors[0].message).toContain('unknown column "Price"');
    expect(parseDailyCsv('Date,Open,High,Low,Close\n').errors[0].message).toContain('missing column: Volume');
    expect(parseDailyCsv('Date,Open,High,Low,Close,Volume\n').errors).toEqual([
      { line: 1, message: 'the file has a header but no data rows' },
    ]);
  });

  it('refuses mixed tickers and non-daily periods in Stooq bulk files', () => {
    const text = `<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>
AAPL.US,D,20240102,000000,1,1,1,1,1,0
MSFT.US,D,20240103,000000,1,1,1,1,1,0
AAPL.US,W,20240104,000000,1,1,1,1,1,0
`;
    const r = parseDailyCsv(text);
    expect(r.errors).toEqual([
      { line: 3, message: 'ticker MSFT differs from AAPL on earlier lines' },
      { line: 4, message: 'period "W" is not daily (D)' },
    ]);
  });

  it('caps the listed errors and says how many more there are', () => {
    const rows = Array.from({ length: 30 }, () => 'not-a-date,1,1,1,1,1,1').join('\n');
    const r = parseDailyCsv(`Date,Open,High,Low,Close,Adj Close,Volume\n${rows}\n`, { maxErrors: 10 });
    expect(r.errors).toHaveLength(11);
    expect(r.errors[10]).toEqual({ line: 0, message: '20 more bad row(s) not listed' });
  });

  it('rounds prices to 6 decimals and accepts quoted fields', () => {
    const r = parseDailyCsv('"Date","Open","High","Low","Close","Volume"\n"2024-01-02","1.1234565","2","1","1.5","10.4"\n');
    expect(r.errors).toEqual([]);
    expect(r.bars[0]).toMatchObject({ open: '1.123456', volume: '10' });
  });
});
