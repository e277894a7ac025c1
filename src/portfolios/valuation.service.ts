import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThanOrEqual } from 'typeorm';
import { d, Decimal, moneyJson, priceJson, quantityJson, roundTo, SCALE, toJsonNumber } from '../common/decimal';
import { Clock, CLOCK, MarketDataService, MarketQuote } from '../market/market.contracts';
import { newYorkDayStart } from '../market/market-time';
import { dayChange, marketValue, percentOf, TodayFlow, totalValue, unrealizedPnl, unrealizedPnlPercent, weight } from './domain/position-math';
import { PortfolioDetailDto, PortfolioDto, PositionDto } from './dto/portfolio.dto';
import { CashTransaction } from './entities/cash-transaction.entity';
import { Fill } from './entities/fill.entity';
import { Portfolio } from './entities/portfolio.entity';
import { Position } from './entities/position.entity';

const PERCENT_DP = 2;
const percentJson = (v: Decimal | null) => (v === null ? null : toJsonNumber(v, PERCENT_DP));

export interface Valued {
  portfolio: Portfolio;
  positions: PositionDto[];
  totalValue: Decimal;
  positionsValue: Decimal;
  dayChange: Decimal;
}

/**
 * Values portfolios at the market module's latest prices. Day change: shares held at the previous close count
 * from that close, shares bought or transferred in today (New York day) from their price; a symbol without a
 * quote is valued at its average cost (no P&L) rather than failing the whole read.
 */
@Injectable()
export class ValuationService {
  private readonly logger = new Logger('Valuation');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly market: MarketDataService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async value(portfolios: Portfolio[]): Promise<Valued[]> {
    if (!portfolios.length) return [];
    const ids = portfolios.map((p) => p.id);
    const since = newYorkDayStart(this.clock.now());
    const [positions, fills, transfers] = await Promise.all([
      this.db.getRepository(Position).find({ where: { portfolioId: In(ids) }, order: { symbol: 'ASC' } }),
      this.db.getRepository(Fill).find({ where: { portfolioId: In(ids), createdAt: MoreThanOrEqual(since) } }),
      this.db.getRepository(CashTransaction).find({
        where: { portfolioId: In(ids), type: In(['transfer_in', 'transfer_out']), createdAt: MoreThanOrEqual(since) },
      }),
    ]);
    const flowsByPosition = new Map<string, TodayFlow[]>();
    const addFlow = (positionId: string, f: TodayFlow) => flowsByPosition.set(positionId, [...(flowsByPosition.get(positionId) ?? []), f]);
    for (const f of fills) addFlow(f.positionId, { side: f.side, quantity: f.quantity, price: f.price, commission: f.commission });
    const relevant = positions.filter((s) => s.quantity.gt(0) || flowsByPosition.has(s.id) || transfers.some((t) => t.positionId === s.id));
    const quotes = await this.quotes([...new Set(relevant.map((s) => s.symbol))]);
    for (const t of transfers) {
      if (!t.positionId || !t.quantity) continue;
      // In at its transfer price; out at the previous close, so removing shares is neutral for today.
      const close = quotes.get(t.symbol ?? '')?.previous_close ?? t.price ?? d(0);
      addFlow(t.positionId, t.type === 'transfer_in' ? { side: 'buy', quantity: t.quantity, price: t.price ?? d(0) } : { side: 'sell', quantity: t.quantity, price: close });
    }

    return portfolios.map((portfolio) => {
      const mine = relevant.filter((s) => s.portfolioId === portfolio.id);
      const rows = mine.map((s) => {
        const q = quotes.get(s.symbol);
        const price = q ? q.price : s.avgCost;
        const change = (() => {
          try {
            return dayChange({ quantity: s.quantity, current_price: price, previous_close: q ? q.previous_close : null, today: flowsByPosition.get(s.id) });
          } catch {
            // Flows that don't reconcile with the holding (e.g. a clock moved back in tests): no change today.
            return { day_change: d(0), reference_value: d(0), day_change_percent: null };
          }
        })();
        return { s, price, mv: marketValue(s.quantity, price), change };
      });
      const held = rows.filter((r) => r.s.quantity.gt(0));
      const positionsValue = held.reduce((a, r) => a.plus(r.mv), d(0));
      const total = totalValue(portfolio.cashBalance, held.map((r) => r.mv));
      const dayChangeSum = roundTo(rows.reduce((a, r) => a.plus(r.change.day_change), d(0)), SCALE.money);
      const positionsDto: PositionDto[] = held.map((r) => ({
        id: r.s.id,
        portfolio_id: r.s.portfolioId,
        symbol: r.s.symbol,
        quantity: quantityJson(r.s.quantity)!,
        avg_cost: priceJson(r.s.avgCost)!,
        current_price: priceJson(r.price)!,
        market_value: moneyJson(r.mv)!,
        unrealized_pnl: moneyJson(unrealizedPnl(r.s.quantity, r.s.avgCost, r.price))!,
        unrealized_pnl_percent: percentJson(unrealizedPnlPercent(r.s.avgCost, r.price)),
        weight: percentJson(weight(r.mv, total))!,
        realized_pnl: moneyJson(r.s.realizedPnl)!,
        reserved_quantity: quantityJson(r.s.reservedQuantity)!,
        day_change: moneyJson(r.change.day_change)!,
        day_change_percent: percentJson(r.change.day_change_percent),
      }));
      return { portfolio, positions: positionsDto, totalValue: total, positionsValue: roundTo(positionsValue, SCALE.money), dayChange: dayChangeSum };
    });
  }

  toDto(v: Valued): PortfolioDto {
    const p = v.portfolio;
    return {
      id: p.id,
      name: p.name,
      total_value: moneyJson(v.totalValue)!,
      cash_balance: moneyJson(p.cashBalance)!,
      day_change: moneyJson(v.dayChange)!,
      // Against the value at the previous close (total − change), as the seed's 1250 / 148750 = 0.84 %.
      day_change_percent: percentJson(percentOf(v.dayChange, v.totalValue.minus(v.dayChange))),
      positions_count: v.positions.length,
      created_at: p.createdAt.toISOString(),
      reserved_cash: moneyJson(p.reservedCash)!,
      buying_power: moneyJson(p.cashBalance.minus(p.reservedCash))!,
      realized_pnl: moneyJson(p.realizedPnl)!,
      updated_at: p.updatedAt.toISOString(),
    };
  }

  toDetailDto(v: Valued): PortfolioDetailDto {
    return { ...this.toDto(v), description: v.portfolio.description, positions: v.positions };
  }

  private async quotes(symbols: string[]): Promise<Map<string, MarketQuote>> {
    if (!symbols.length) return new Map();
    try {
      return await this.market.getQuotes(symbols);
    } catch (err) {
      this.logger.warn({ err, symbols }, 'quotes unavailable; valuing at average cost');
      return new Map();
    }
  }
}
