import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { ordersConfig, type OrdersConfig } from '../config/orders.config';
import { Clock, CLOCK, MarketDataService } from '../market/market.contracts';
import { newYorkYmd } from '../market/market.contracts';
import { NavHistoryDto, NavPointDto } from './dto/portfolio.dto';
import { NavPoint } from './entities/nav-point.entity';
import { Portfolio } from './entities/portfolio.entity';
import { toNavPointDto } from './mappers';
import { PortfoliosService } from './portfolios.service';
import { ValuationService } from './valuation.service';

/**
 * Daily net asset value: recorded for every live portfolio when a session closes (the clock passing the
 * session close the market announced) and on demand. One row per portfolio and New York date; recording again the
 * same day replaces it, so several instances recording the same close agree.
 */
@Injectable()
export class NavHistoryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('NavHistory');
  private timer: NodeJS.Timeout | null = null;
  private pendingClose: Date | null = null;
  private lastRecorded: number | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
    private readonly market: MarketDataService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly portfolios: PortfoliosService,
    private readonly valuation: ValuationService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.checkClose(), this.config.sweepIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /**
   * Records the close once the clock passes the session close seen at the previous check (works with
   * TRADING_HOURS=always too, where the market never reports closed). Returns how many portfolios it recorded.
   */
  async checkClose(): Promise<number> {
    if (this.running) return 0;
    let recorded = 0;
    this.running = (async () => {
      try {
        const now = this.clock.now();
        const due = this.pendingClose;
        if (due && now.getTime() >= due.getTime() && due.getTime() !== this.lastRecorded) {
          this.lastRecorded = due.getTime();
          recorded = await this.recordAll('close', newYorkYmd(due));
        }
        const next = this.market.session(now).session_close;
        this.pendingClose = next && next.getTime() > now.getTime() ? next : null;
      } catch (err) {
        this.logger.error({ err }, 'recording the close failed');
      }
    })();
    await this.running;
    this.running = null;
    return recorded;
  }

  async recordAll(source: NavPoint['source'], date?: string): Promise<number> {
    const live = await this.db.getRepository(Portfolio).find({ where: { deletedAt: IsNull() } });
    const batch = 200;
    for (let i = 0; i < live.length; i += batch) await this.record(live.slice(i, i + batch), source, date);
    return live.length;
  }

  async recordOne(userId: string, portfolioId: string): Promise<NavPointDto> {
    const p = await this.portfolios.findOwned(userId, portfolioId);
    const [point] = await this.record([p], 'manual');
    return toNavPointDto(point);
  }

  async history(userId: string, portfolioId: string): Promise<NavHistoryDto> {
    await this.portfolios.findOwned(userId, portfolioId);
    const points = await this.db.getRepository(NavPoint).find({ where: { portfolioId }, order: { date: 'ASC' } });
    return { portfolio_id: portfolioId, history: points.map(toNavPointDto) };
  }

  private async record(portfolios: Portfolio[], source: NavPoint['source'], date?: string): Promise<NavPoint[]> {
    const now = this.clock.now();
    date ??= newYorkYmd(now);
    const valued = await this.valuation.value(portfolios);
    const points = valued.map((v) =>
      this.db.getRepository(NavPoint).create({
        portfolioId: v.portfolio.id,
        date,
        totalValue: v.totalValue,
        cashBalance: v.portfolio.cashBalance,
        positionsValue: v.positionsValue,
        source,
        recordedAt: now,
      }),
    );
    if (points.length) await this.db.getRepository(NavPoint).upsert(points, ['portfolioId', 'date']);
    return points;
  }
}
