import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThanOrEqual } from 'typeorm';
import { d, Decimal, moneyJson, percentJson, priceJson, quantityJson } from '../common/decimal';
import { Clock, CLOCK, MarketDataService, MarketQuote } from '../market/market.contracts';
import { newYorkDayStart } from '../market/market.contracts';
import { percentOf } from './domain/position-math';
import { ValuationFlow, ValuationPosition, valuePortfolio } from './domain/valuation';
import { PortfolioDetailDto, PortfolioDto, PositionDto } from './dto/portfolio.dto';
import { CashTransaction } from './entities/cash-transaction.entity';
import { Fill } from './entities/fill.entity';
import { Portfolio } from './entities/portfolio.entity';
import { Position } from './entities/position.entity';


export interface HeldPosition extends ValuationPosition {
  entity: Position;
}

export interface Valued {
  portfolio: Portfolio;
  positions: PositionDto[];
  totalValue: Decimal;
  positionsValue: Decimal;
  dayChange: Decimal;
}

/**
 * Values portfolios at the market module's latest prices with the one pure valuation (`domain/valuation.ts`);
 * quotes that can't be read value positions at their average cost rather than failing the whole read.
 */
@Injectable()
export class ValuationService {
  private readonly logger = new Logger('Valuation');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly market: MarketDataService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The valuation inputs of these portfolios: positions held now plus positions closed today, each with today's
   * (New York day) fills and transfers. The one loader behind REST and the holdings contract (realtime).
   */
  async loadPositions(portfolioIds: string[]): Promise<Map<string, HeldPosition[]>> {
    const out = new Map<string, HeldPosition[]>(portfolioIds.map((id) => [id, []]));
    if (!portfolioIds.length) return out;
    const since = newYorkDayStart(this.clock.now());
    const [positions, fills, transfers] = await Promise.all([
      this.db.getRepository(Position).find({ where: { portfolioId: In(portfolioIds) }, order: { symbol: 'ASC' } }),
      this.db.getRepository(Fill).find({ where: { portfolioId: In(portfolioIds), createdAt: MoreThanOrEqual(since) } }),
      this.db.getRepository(CashTransaction).find({
        where: { portfolioId: In(portfolioIds), type: In(['transfer_in', 'transfer_out']), createdAt: MoreThanOrEqual(since) },
      }),
    ]);
    const flows = new Map<string, ValuationFlow[]>();
    const add = (positionId: string, f: ValuationFlow) => flows.set(positionId, [...(flows.get(positionId) ?? []), f]);
    for (const f of fills) add(f.positionId, { side: f.side, quantity: f.quantity, price: f.price, commission: f.commission });
    for (const t of transfers) {
      if (!t.positionId || !t.quantity) continue;
      // In at its transfer price; out at the previous close, so removing shares is neutral for today.
      add(
        t.positionId,
        t.type === 'transfer_in'
          ? { side: 'buy', quantity: t.quantity, price: t.price ?? d(0) }
          : { side: 'sell', quantity: t.quantity, price: t.price ?? d(0), at_previous_close: true },
      );
    }
    for (const s of positions) {
      const today = flows.get(s.id);
      if (s.quantity.lte(0) && !today) continue;
      out.get(s.portfolioId)!.push({ entity: s, symbol: s.symbol, quantity: s.quantity, avg_cost: s.avgCost, today });
    }
    return out;
  }

  async value(portfolios: Portfolio[]): Promise<Valued[]> {
    if (!portfolios.length) return [];
    const byPortfolio = await this.loadPositions(portfolios.map((p) => p.id));
    const all = [...byPortfolio.values()].flat();
    const quotes = await this.quotes([...new Set(all.map((s) => s.symbol))]);
    return portfolios.map((portfolio) => {
      const v = valuePortfolio(portfolio.cashBalance, byPortfolio.get(portfolio.id) ?? [], quotes);
      if (v.mismatched.length) this.logger.warn({ portfolio: portfolio.id, symbols: v.mismatched }, "today's flows don't reconcile with the holding; no day change counted");
      const positions: PositionDto[] = v.positions.map((r) => {
        const s = r.position.entity;
        return {
          id: s.id,
          portfolio_id: s.portfolioId,
          symbol: s.symbol,
          quantity: quantityJson(s.quantity)!,
          avg_cost: priceJson(s.avgCost)!,
          current_price: priceJson(r.price)!,
          market_value: moneyJson(r.market_value)!,
          unrealized_pnl: moneyJson(r.unrealized_pnl)!,
          unrealized_pnl_percent: percentJson(r.unrealized_pnl_percent),
          weight: percentJson(r.weight)!,
          realized_pnl: moneyJson(s.realizedPnl)!,
          reserved_quantity: quantityJson(s.reservedQuantity)!,
          day_change: moneyJson(r.day_change)!,
          day_change_percent: percentJson(r.day_change_percent),
        };
      });
      return { portfolio, positions, totalValue: v.total_value, positionsValue: v.positions_value, dayChange: v.day_change };
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
