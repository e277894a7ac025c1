import { UNIVERSE } from '../../../market/data/universe';
import { buildNameIndex, matchSymbols } from './matching';

const index = buildNameIndex([
  ...UNIVERSE.map((i) => ({ symbol: i.symbol, name: i.name, asset_class: i.asset_class })),
  { symbol: 'A', name: 'Agilent Technologies, Inc.', asset_class: 'equity' },
  { symbol: 'ON', name: 'ON Semiconductor Corporation', asset_class: 'equity' },
  { symbol: 'IT', name: 'Gartner, Inc.', asset_class: 'equity' },
]);
const m = (t: string) => matchSymbols(t, index);

describe('symbol matching', () => {
  it('matches cashtags, including ambiguous tickers, and ignores unknown ones', () => {
    expect(m('$AAPL and $msft rally; $ZZZZ does not exist')).toEqual(['AAPL', 'MSFT']);
    expect(m('$ON and $IT and $A report today')).toEqual(['ON', 'IT', 'A']);
  });

  it('matches bare tickers only when unambiguous', () => {
    expect(m('NVDA shares rise as AMD slips')).toEqual(['NVDA', 'AMD']);
    expect(m('A look at IT spending: prices ON the rise')).toEqual([]);
    expect(m('Is SO much volatility normal? CEO says LOW risk')).toEqual([]);
    expect(m('nvda shares rise')).toEqual([]); // lower case is not a ticker
    expect(m('MARKETS RALLY AS NVDA AND TSLA SOAR ON FED HOPES')).toEqual([]); // a shouted headline: no bare tickers
  });

  it('matches company names from the universe, with and without legal suffix', () => {
    expect(m('Microsoft unveils new Surface laptops')).toEqual(['MSFT']);
    expect(m('Apple Inc. to hold event')).toEqual(['AAPL']);
    expect(m("Apple's iPhone sales climb")).toEqual(['AAPL']);
    expect(m('Apple shares rise after earnings')).toEqual(['AAPL']);
    expect(m('Home Depot raises dividend; Goldman Sachs upgrades JPMorgan')).toEqual(['HD', 'GS', 'JPM']);
    expect(m('Target stores report strong holiday sales')).toEqual(['TGT']);
    expect(m('Amazon beats estimates as cloud sales climb')).toEqual(['AMZN']);
  });

  it('does not fall for everyday words', () => {
    expect(m('Grandma bakes the best apple pie')).toEqual([]);
    expect(m('Apple pie recipes for the holidays')).toEqual([]);
    expect(m('Target practice at the range this weekend')).toEqual([]);
    expect(m('Amazon rainforest fires spread')).toEqual([]);
    expect(m('My visa application was approved')).toEqual([]);
    expect(m('The Oracle of Delphi')).toEqual([]);
    expect(m('Dow Jones falls 300 points')).toEqual([]);
  });
});
