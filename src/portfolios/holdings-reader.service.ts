import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource } from 'typeorm';
import { NavPoint as NavRow } from './entities/nav-point.entity';
import { HoldingPosition, NavPoint, PortfolioHoldings, PortfolioHoldingsReader } from './portfolio-holdings.contract';
import { PortfoliosService } from './portfolios.service';
import { HeldPosition, ValuationService } from './valuation.service';

const holding = (s: HeldPosition): HoldingPosition => ({ symbol: s.symbol, quantity: s.entity.quantity, avg_cost: s.entity.avgCost, ...(s.today ? { today: s.today } : {}) });

/** The portfolios module's side of the holdings contract (risk, realtime): owner-checked, read-only. */
@Injectable()
export class HoldingsReader extends PortfolioHoldingsReader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly portfolios: PortfoliosService,
    private readonly valuation: ValuationService,
  ) {
    super();
  }

  async getHoldings(userId: string, portfolioId: string): Promise<PortfolioHoldings> {
    const p = await this.portfolios.findOwned(userId, portfolioId);
    const [positions, [{ version }]] = await Promise.all([
      this.valuation.loadPositions([portfolioId]).then((m) => m.get(portfolioId) ?? []),
      // Every change of cash or holdings writes a ledger entry; its sequence number is a version.
      this.db.query(`SELECT COALESCE(MAX(seq), 0)::text AS version FROM cash_transactions WHERE portfolio_id = $1`, [portfolioId]) as Promise<{ version: string }[]>,
    ]);
    return {
      portfolio_id: p.id,
      user_id: p.userId,
      currency: 'USD',
      cash_balance: p.cashBalance,
      positions: positions.filter((s) => s.entity.quantity.gt(0)).map(holding),
      closed_today: positions.filter((s) => !s.entity.quantity.gt(0)).map(holding),
      version,
    };
  }

  async getNavHistory(userId: string, portfolioId: string, from: string, to: string): Promise<NavPoint[]> {
    await this.portfolios.findOwned(userId, portfolioId);
    const rows = await this.db.getRepository(NavRow).find({ where: { portfolioId, date: Between(from, to) }, order: { date: 'ASC' } });
    return rows.map((r) => ({ date: r.date, nav: r.totalValue }));
  }
}
