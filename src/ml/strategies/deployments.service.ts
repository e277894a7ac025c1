import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';
import { d, Decimal, moneyJson, quantityJson, roundTo, SCALE } from '../../common/decimal';
import { ConflictError, NotFoundError } from '../../common/errors/app-error';
import { DEFAULT_PAGE, decodeCursor, page } from '../../common/pagination/seq-cursor';
import { mlConfig, type MlConfig } from '../../config/ml.config';
import { ordersConfig, type OrdersConfig } from '../../config/orders.config';
import { CLOCK, type Clock, lastClosedSession, MarketDataService, sessionInProgress, sessionsAfter } from '../../market/market.contracts';
import { OrderPlacement } from '../../orders/orders.contract';
import { PortfolioHoldingsReader } from '../../portfolios/portfolio-holdings.contract';
import { InsufficientHistoryError, StrategyLimitError } from '../errors';
import { closeFloats } from '../backtest/domain/backtest';
import { compileDocument } from './domain/document';
import { compareParity, type LiveDecision, WindowHistoryError } from './domain/live';
import { backtestDocument } from './domain/run';
import type { CreateDeploymentDto, StrategyDecisionDto, StrategyDecisionListDto, StrategyDeploymentDto, StrategyDeploymentListDto, StrategyParityDto } from './dto/deployment.dto';
import { StrategyDecision } from './entities/strategy-decision.entity';
import { type DeploymentStatus, StrategyDeployment } from './entities/strategy-deployment.entity';
import { StrategiesService } from './strategies.service';
import { StrategyRunner } from './strategy-runner.service';

const num = (v: Decimal | null) => (v === null ? null : quantityJson(v)!);

/**
 * Deployments of strategy versions on the owner's paper portfolios: creation (owner checks, limits, the first
 * session, the capital the parity backtest starts with), reads, pause / resume / stop, the decision log, parity.
 */
@Injectable()
export class DeploymentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly strategies: StrategiesService,
    private readonly runner: StrategyRunner,
    private readonly holdings: PortfolioHoldingsReader,
    private readonly orders: OrderPlacement,
    private readonly market: MarketDataService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(mlConfig.KEY) private readonly config: MlConfig,
    @Inject(ordersConfig.KEY) private readonly costs: OrdersConfig,
  ) {}

  async create(userId: string, strategyId: string, dto: CreateDeploymentDto): Promise<StrategyDeploymentDto> {
    const run = await this.strategies.forRun(userId, strategyId, dto.version);
    const h = await this.holdings.getHoldings(userId, dto.portfolio_id);
    const now = this.clock.now();
    // Decided on the close of the session in progress (or the last one), traded from the next session's open.
    const firstDecision = sessionInProgress(now) ?? lastClosedSession(now) ?? sessionsAfter('1900-01-01', 1)[0];
    const firstSession = sessionsAfter(firstDecision, 1)[0];
    try {
      await this.runner.window(run.document, firstSession, firstDecision);
    } catch (err) {
      if (!(err instanceof WindowHistoryError)) throw err;
      throw new InsufficientHistoryError(`${err.message} before it can trade from ${firstSession}`, {
        symbol: err.symbol,
        sessions_needed: err.needed,
        sessions_available: err.available,
      });
    }
    const quotes = h.positions.length ? await this.market.getQuotes(h.positions.map((p) => p.symbol)) : new Map();
    let capital = h.cash_balance;
    for (const p of h.positions) capital = capital.plus(p.quantity.mul(quotes.get(p.symbol)?.price ?? p.avg_cost));
    return this.db.transaction(async (m) => {
      // The user's row serializes creations, so the count and the insert are one step.
      await m.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
      const repo = m.getRepository(StrategyDeployment);
      const live = await repo.countBy({ userId, status: Not('stopped') });
      if (live >= this.config.strategyMaxDeploymentsPerUser) {
        throw new StrategyLimitError(
          'portfolio_id',
          `You already have ${live} running or paused deployments, the most allowed (STRATEGY_MAX_DEPLOYMENTS_PER_USER = ${this.config.strategyMaxDeploymentsPerUser}); stop one first`,
          this.config.strategyMaxDeploymentsPerUser,
        );
      }
      const busy = await repo.findOneBy({ portfolioId: dto.portfolio_id, status: Not('stopped') });
      if (busy) throw new ConflictError(`Deployment ${busy.id} already trades this portfolio; stop it first`, 'Conflict', { deployment_id: busy.id });
      const row = await repo.save(
        repo.create({
          userId,
          strategyId,
          strategyVersion: run.version,
          portfolioId: dto.portfolio_id,
          mode: 'paper',
          status: 'active',
          firstDecision,
          firstSession,
          initialCapital: roundTo(capital, SCALE.money),
          lastDecisionDate: null,
          leaseOwner: null,
          leaseExpiresAt: null,
          updatedAt: now,
          stoppedAt: null,
        }),
      );
      return this.toDto(row);
    });
  }

  async list(userId: string, strategyId: string, limit = DEFAULT_PAGE, cursor?: string): Promise<StrategyDeploymentListDto> {
    await this.strategies.forRun(userId, strategyId);
    const after = decodeCursor('sd', cursor);
    const qb = this.db.getRepository(StrategyDeployment).createQueryBuilder('x').where('x.user_id = :userId AND x.strategy_id = :strategyId', { userId, strategyId });
    if (after) qb.andWhere('x.seq < :after', { after });
    const rows = await qb.orderBy('x.seq', 'DESC').limit(limit + 1).getMany();
    const { items, next } = page(rows, limit, 'sd');
    return { deployments: items.map((r) => this.toDto(r)), next_cursor: next };
  }

  async get(userId: string, id: string): Promise<StrategyDeploymentDto> {
    return this.toDto(await this.owned(userId, id));
  }

  /** pause: active → paused; resume: paused → active; stop: → stopped (final). The same state again is a no-op; a stopped one is 409. */
  async transition(userId: string, id: string, to: DeploymentStatus): Promise<StrategyDeploymentDto> {
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(StrategyDeployment);
      const row = await repo.findOne({ where: { id, userId }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new NotFoundError('Deployment');
      if (row.status === to) return this.toDto(row);
      if (row.status === 'stopped') throw new ConflictError('The deployment is stopped; create a new one', 'Conflict', { status: row.status });
      const now = new Date();
      row.status = to;
      row.updatedAt = now;
      if (to === 'stopped') {
        row.stoppedAt = now;
        row.leaseOwner = null;
        row.leaseExpiresAt = null;
        await m.getRepository(StrategyDecision).update(
          { deploymentId: id, status: 'pending' },
          { status: 'missed', reason: 'The deployment was stopped before the open', updatedAt: now },
        );
      }
      await repo.save(row);
      return this.toDto(row);
    });
  }

  async decisions(userId: string, id: string, limit = DEFAULT_PAGE, cursor?: string): Promise<StrategyDecisionListDto> {
    await this.owned(userId, id);
    const after = decodeCursor('dd', cursor);
    const qb = this.db.getRepository(StrategyDecision).createQueryBuilder('x').where('x.deployment_id = :id', { id });
    if (after) qb.andWhere('x.seq < :after', { after });
    const rows = await qb.orderBy('x.seq', 'DESC').limit(limit + 1).getMany();
    const { items, next } = page(rows, limit, 'dd');
    return { decisions: items.map(decisionDto), next_cursor: next };
  }

  /**
   * The backtester over the deployment's live period (its first session through the last completed one, the same
   * document version, window, costs and initial capital) against what the runner did.
   */
  async parity(userId: string, id: string): Promise<StrategyParityDto> {
    const dep = await this.owned(userId, id);
    const { document } = await this.strategies.storedVersion(dep.strategyId, dep.strategyVersion);
    const through = lastClosedSession(this.clock.now());
    const base = {
      deployment_id: dep.id,
      strategy_id: dep.strategyId,
      strategy_version: dep.strategyVersion,
      first_session: dep.firstSession,
      initial_capital: moneyJson(dep.initialCapital)!,
    };
    const rows = await this.db.getRepository(StrategyDecision).find({ where: { deploymentId: id, action: In(['buy', 'sell']) }, order: { seq: 'ASC' } });
    const live: LiveDecision[] = [];
    for (const r of rows) {
      const order = r.orderId ? await this.orders.find(userId, r.orderId) : null;
      live.push({
        sessionDate: r.sessionDate,
        tradeSession: r.tradeSession,
        symbol: r.symbol,
        action: r.action,
        status: r.status,
        reason: r.reason,
        order: order ? { status: order.status, filled_quantity: d(order.filled_quantity), reject_reason: order.reject_reason } : null,
      });
    }
    const liveFills = live.filter((x) => x.order && x.order.filled_quantity.gt(0) && through !== null && x.tradeSession <= through).length;
    if (through === null || through < dep.firstSession) {
      return { ...base, last_session: null, backtest_fills: 0, live_fills: liveFills, matched: 0, in_parity: liveFills === 0, differences: [] };
    }
    const w = await this.runner.window(document, dep.firstSession, through);
    if (w.start >= w.bars.dates.length) {
      return { ...base, last_session: null, backtest_fills: 0, live_fills: liveFills, matched: 0, in_parity: liveFills === 0, differences: [] };
    }
    const result = backtestDocument(
      w.bars,
      compileDocument(document),
      { start: w.start, initialCapital: dep.initialCapital, commission: this.costs.commission, slippageBps: d(this.costs.slippageBps), fractional: false, allowShort: false },
      w.extra,
      closeFloats(w.bars),
    );
    const last = w.bars.dates[w.bars.dates.length - 1];
    const { matched, differences } = compareParity(result.fills, live, last);
    return {
      ...base,
      last_session: last,
      backtest_fills: result.fills.length,
      live_fills: liveFills,
      matched,
      in_parity: differences.length === 0,
      differences: differences.map((x) => ({ ...x, backtest_quantity: num(x.backtest_quantity), live_quantity: num(x.live_quantity) })),
    };
  }

  private async owned(userId: string, id: string): Promise<StrategyDeployment> {
    const row = await this.db.getRepository(StrategyDeployment).findOneBy({ id, userId });
    if (!row) throw new NotFoundError('Deployment');
    return row;
  }

  private toDto(r: StrategyDeployment): StrategyDeploymentDto {
    return {
      id: r.id,
      strategy_id: r.strategyId,
      strategy_version: r.strategyVersion,
      portfolio_id: r.portfolioId,
      mode: r.mode,
      status: r.status,
      first_decision_session: r.firstDecision,
      first_session: r.firstSession,
      initial_capital: moneyJson(r.initialCapital)!,
      last_decision_session: r.lastDecisionDate,
      running: r.status !== 'stopped' && r.leaseOwner !== null && r.leaseExpiresAt !== null && r.leaseExpiresAt.getTime() > Date.now(),
      created_at: r.createdAt.toISOString(),
      updated_at: r.updatedAt.toISOString(),
      stopped_at: r.stoppedAt ? r.stoppedAt.toISOString() : null,
    };
  }
}

function decisionDto(r: StrategyDecision): StrategyDecisionDto {
  return {
    id: r.id,
    deployment_id: r.deploymentId,
    session_date: r.sessionDate,
    trade_session: r.tradeSession,
    symbol: r.symbol,
    inputs: r.inputs,
    rules: { entry: r.rules.entry ?? null, exit: r.rules.exit ?? null, stop: r.rules.stop ?? null, score: r.rules.score ?? null },
    target: r.target,
    action: r.action,
    status: r.status,
    position_quantity: num(r.positionQuantity),
    quantity: num(r.quantity),
    order_id: r.orderId,
    reason: r.reason,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}
