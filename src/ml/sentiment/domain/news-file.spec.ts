import { parseCsv, parseNewsFile } from './news-file';

describe('news archive files', () => {
  it('parses RFC 4180 CSV', () => {
    expect(parseCsv('a,b\n"x, y","he said ""up""\nnext"\r\n1,2')).toEqual([['a', 'b'], ['x, y', 'he said "up"\nnext'], ['1', '2']]);
  });

  it('reads CSV by header, splitting symbols', () => {
    expect(parseNewsFile('a.csv', 'title,url,symbols\nApple beats,https://x/1,"AAPL; MSFT"\n\n')).toEqual([{ line: 2, item: { title: 'Apple beats', url: 'https://x/1', symbols: ['AAPL', 'MSFT'] } }]);
  });

  it('reads JSON Lines and reports bad lines', () => {
    expect(parseNewsFile('a.jsonl', '{"title":"x"}\n\nnope\n')).toEqual([
      { line: 1, item: { title: 'x' } },
      { line: 3, item: null, error: 'not a JSON object' },
    ]);
  });
});
