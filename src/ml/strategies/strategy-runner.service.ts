import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { d, Decimal } from '../../common/decimal';
import { AppError } from '../../common/errors/app-error';
import { mlConfig, type MlConfig } from '../../config/ml.config';
import { ordersConfig, type OrdersConfig } from '../../config/orders.config';
import { CLOCK, type Clock, lastClosedSession, MarketDataService, sessionInProgress, sessionsAfter } from '../../market/market.contracts';
import { OrderPlacement } from '../../orders/orders.contract';
import { PortfolioHoldingsReader } from '../../portfolios/portfolio-holdings.contract';
import { UserNotifier } from '../../realtime/user-notifier.contract';
import { compileDocument, type StrategyDocument } from './domain/document';
import { decisionInput, documentSizing, type LiveBar, type SessionWindow, sessionWindow, sizeEntries } from './domain/live';
import { StrategyDecision } from './entities/strategy-decision.entity';
import { StrategyDeployment } from './entities/strategy-deployment.entity';
import { StrategiesService } from './strategies.service';

const minusDays = (ymd: string, days: number) => new Date(Date.parse(`${ymd}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

interface Claim {
  row: StrategyDecision;
  quantity: Decimal;
  position: Decimal;
}
interface Skip {
  row: StrategyDecision;
  status: StrategyDecision['status'];
  reason: string;
}
/** Another runner stored these decisions first (or the deployment was paused or stopped): roll back, do nothing. */
class LostClaim extends Error {}

/** The Idempotency-Key of a decision's order: a restart or a second instance replays the first order instead of placing another. */
export const decisionOrderKey = (deploymentId: string, sessionDate: string, symbol: string) => `strategy-deployment:${deploymentId}:${sessionDate}:${symbol}`;

/**
 * The live paper runner. Each pass (every STRATEGY_RUNNER_INTERVAL_MS, or `runOnce`) it takes the row lease of the
 * deployments no other live runner holds, then for each one:
 * 1. decides on every completed session not decided yet (rules on the session's close, exactly the backtest's
 *    window and code), one `strategy_decisions` row per symbol, the action being the target against the real position;
 * 2. at the next session's open (while it is in progress) places the orders: sells first, then buys sized on the
 *    equity after them, each with the Idempotency-Key of (deployment, decision session, symbol) and its size stored
 *    first, so a retry repeats the same request and gets the same order back.
 */
@Injectable()
export class StrategyRunner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('StrategyRunner');
  /** This instance's name in `lease_owner`. */
  readonly instanceId = `${hostname().slice(0, 20)}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closing = false;
  /** Deployments whose lease this instance held at its last step (a change of hands is logged). */
  private readonly held = new Set<string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly market: MarketDataService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly orders: OrderPlacement,
    private readonly holdings: PortfolioHoldingsReader,
    private readonly notifier: UserNotifier,
    private readonly strategies: StrategiesService,
    @Inject(mlConfig.KEY) private readonly config: MlConfig,
    @Inject(ordersConfig.KEY) private readonly costs: OrdersConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.strategyRunnerIntervalMs > 0) {
      // A timer tick while a pass runs is skipped, so passes never pile up behind a slow one.
      this.timer = setInterval(() => {
        if (!this.running) this.runOnce().catch((err) => this.logger.error({ err }, 'strategy runner pass failed'));
      }, this.config.strategyRunnerIntervalMs);
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    // Hand the leases back so the next instance (a restart) takes over at once instead of after STRATEGY_LEASE_MS.
    await this.db.query(`UPDATE strategy_deployments SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $1`, [this.instanceId]).catch(() => undefined);
  }

  /** One pass over the deployments this instance holds (or can take), after the one in progress if any: passes never overlap. */
  runOnce(): Promise<void> {
    if (this.closing) return Promise.resolve();
    const next: Promise<void> = (this.running ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.pass())
      .finally(() => {
        if (this.running === next) this.running = null;
      });
    this.running = next;
    return next;
  }

  private async pass(): Promise<void> {
    // The lease: a row is ours while lease_owner is us and lease_expires_at (database time) is ahead. Taking or
    // renewing it is one UPDATE, so two instances racing for a free row serialize on its row lock and one wins. It
    // is taken (renewed) right before each deployment's step, so a long pass never works on an expired lease.
    const candidates: { id: string }[] = await this.db.query(
      `SELECT id FROM strategy_deployments WHERE status <> 'stopped' AND (lease_owner = $1 OR lease_owner IS NULL OR lease_expires_at < now()) ORDER BY seq`,
      [this.instanceId],
    );
    for (const { id } of candidates) {
      if (this.closing) return;
      try {
        if (await this.lease(id)) await this.step(id);
      } catch (err) {
        // After a crash mid-order the order's Idempotency-Key stays claimed until its lease ends (30 s): expected, retried.
        if (err instanceof AppError && err.errorName === 'RequestInProgress') this.logger.warn({ deployment_id: id }, 'strategy order still in progress elsewhere; retried next pass');
        else this.logger.error({ err, deployment_id: id }, 'strategy deployment step failed');
      }
    }
  }

  private async lease(id: string): Promise<boolean> {
    // node-postgres through TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows]: [{ id: string }[], number] = await this.db.query(
      `UPDATE strategy_deployments SET lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2::double precision / 1000)
       WHERE id = $3 AND status <> 'stopped' AND (lease_owner = $1 OR lease_owner IS NULL OR lease_expires_at < now())
       RETURNING id`,
      [this.instanceId, this.config.strategyLeaseMs, id],
    );
    const ours = rows.length === 1;
    if (ours && !this.held.has(id)) this.logger.log({ deployment_id: id, instance: this.instanceId }, 'strategy deployment lease taken');
    if (!ours && this.held.has(id)) this.logger.log({ deployment_id: id, instance: this.instanceId }, 'strategy deployment lease lost');
    if (ours) this.held.add(id);
    else this.held.delete(id);
    return ours;
  }

  private async step(id: string): Promise<void> {
    const dep = await this.db.getRepository(StrategyDeployment).findOneBy({ id });
    if (!dep || dep.status === 'stopped' || dep.leaseOwner !== this.instanceId) return;
    const now = this.clock.now();
    const closed = lastClosedSession(now);
    if (closed && closed >= dep.firstDecision && (dep.lastDecisionDate === null || closed > dep.lastDecisionDate)) await this.decide(dep, closed);
    await this.execute(dep, now);
  }

  /** The bars a deployment's rules read through `through`: the backtest's window for a run from its first session. */
  async window(document: StrategyDocument, firstSession: string, through: string): Promise<SessionWindow> {
    const { warmup } = compileDocument(document);
    return sessionWindow(document.universe, await this.histories(document, firstSession, warmup, through), firstSession, warmup, through);
  }

  /** Each symbol's daily bars through `through`, from far enough back for the warm-up (all of them when needed). */
  private async histories(document: StrategyDocument, firstSession: string, warmup: number, through: string): Promise<LiveBar[][]> {
    const load = (from: string) => Promise.all(document.universe.map((s) => this.market.getDailyBars(s, from, through) as Promise<LiveBar[]>));
    const histories = await load(minusDays(firstSession, Math.ceil(warmup * 1.5) + 10));
    return histories.some((h) => h.filter((b) => b.date < firstSession).length < warmup) ? load('1900-01-01') : histories;
  }

  private async decide(dep: StrategyDeployment, closed: string): Promise<void> {
    const { document } = await this.strategies.storedVersion(dep.strategyId, dep.strategyVersion);
    const compiled = compileDocument(document);
    const histories = await this.histories(document, dep.firstSession, compiled.warmup, closed);
    const full = sessionWindow(document.universe, histories, dep.firstSession, compiled.warmup, closed);
    const dates = full.bars.dates.filter((x) => x >= dep.firstDecision && x <= closed && (dep.lastDecisionDate === null || x > dep.lastDecisionDate));
    if (dates.length === 0) return;
    const positions = await this.realPositions(dep);
    if (!positions) return;
    for (const date of dates) {
      const w = sessionWindow(document.universe, histories, dep.firstSession, compiled.warmup, date);
      const tradeSession = sessionsAfter(date, 1)[0];
      const targets = compiled.targets(decisionInput(w, tradeSession));
      const t = w.bars.dates.length;
      const rows = document.universe.map((symbol, i) => {
        const target = targets.target[i][t];
        const held = (positions.get(symbol) ?? d(0)).gt(0);
        const action: StrategyDecision['action'] = target === 1 && !held ? 'buy' : target === 0 && held ? 'sell' : 'none';
        // A pause is applied at the open (a deployment resumed before it trades as decided).
        const status: StrategyDecision['status'] = action === 'none' ? 'hold' : tradeSession <= closed ? 'missed' : 'pending';
        const reason = status === 'missed' ? `The runner did not run between ${date}'s close and ${tradeSession}'s close` : null;
        return { deploymentId: dep.id, sessionDate: date, tradeSession, symbol, inputs: targets.last[i].inputs, rules: targets.last[i].rules, target, action, status, reason, updatedAt: new Date() };
      });
      const inserted = await this.db.transaction(async (m) => {
        const res = await m.createQueryBuilder().insert().into(StrategyDecision).values(rows).orIgnore().returning(['id']).execute();
        await m.getRepository(StrategyDeployment).update({ id: dep.id }, { lastDecisionDate: date, updatedAt: new Date() });
        return res.raw as { id: string }[];
      });
      dep.lastDecisionDate = date;
      if (inserted.length > 0) {
        const actions = rows.filter((r) => r.action !== 'none');
        await this.notify(dep, 'decision', `Strategy decided on ${date}`, actions.length ? actions.map((r) => `${r.action} ${r.symbol} (${r.status})`).join(', ') : 'No change', {
          session_date: date,
          trade_session: tradeSession,
          decisions: rows.map((r) => ({ symbol: r.symbol, target: r.target, action: r.action, status: r.status })),
        });
      }
    }
  }

  private async execute(dep: StrategyDeployment, now: Date): Promise<void> {
    const repo = this.db.getRepository(StrategyDecision);
    const open = await repo.find({ where: { deploymentId: dep.id, status: In(['pending', 'placing']) }, order: { seq: 'ASC' } });
    if (open.length === 0) return;
    const inProgress = sessionInProgress(now);
    const closed = lastClosedSession(now);
    const due: StrategyDecision[] = [];
    for (const row of open) {
      if (closed !== null && row.tradeSession <= closed) {
        await this.finish(row, {
          status: 'missed',
          reason:
            row.status === 'pending'
              ? `The runner did not act during ${row.tradeSession}'s session`
              : `The placement was interrupted and ${row.tradeSession}'s session closed before it was retried (Idempotency-Key ${decisionOrderKey(dep.id, row.sessionDate, row.symbol)})`,
        });
      } else if (row.tradeSession === inProgress) due.push(row);
    }
    if (due.length === 0) return;
    if (dep.status === 'paused') {
      for (const row of due.filter((r) => r.status === 'pending')) await this.finish(row, { status: 'paused', reason: 'The deployment was paused at the open' });
      return;
    }
    const { document } = await this.strategies.storedVersion(dep.strategyId, dep.strategyVersion);
    // Exits first (they raise the cash entries need), then the entries, all sized at once on the equity after the
    // exits (as the engine does) and stored together, so a crash between two entries cannot size the rest anew.
    for (const row of due.filter((r) => r.action === 'sell')) {
      if (row.status === 'pending' && !(await this.sizeSell(dep, row))) continue;
      if (row.status === 'placing') await this.submit(dep, row);
    }
    const buys = due.filter((r) => r.action === 'buy');
    const unsized = buys.filter((r) => r.status === 'pending');
    if (unsized.length && !(await this.sizeBuys(dep, document, unsized))) return;
    for (const row of buys.filter((r) => r.status === 'placing')) await this.submit(dep, row);
  }

  private async submit(dep: StrategyDeployment, row: StrategyDecision): Promise<void> {
    try {
      const order = await this.orders.placeMarket(
        dep.userId,
        { portfolio_id: dep.portfolioId, symbol: row.symbol, side: row.action as 'buy' | 'sell', quantity: row.quantity!.toFixed() },
        decisionOrderKey(dep.id, row.sessionDate, row.symbol),
      );
      await this.finish(row, { status: 'placed', orderId: order.id, reason: null });
      await this.notify(dep, 'order_placed', `Strategy ${row.action} ${row.symbol}`, `${row.action} ${row.quantity!.toFixed()} ${row.symbol}: order ${order.status}`, {
        session_date: row.sessionDate,
        trade_session: row.tradeSession,
        symbol: row.symbol,
        side: row.action,
        quantity: order.quantity,
        order_id: order.id,
        order_status: order.status,
      });
    } catch (err) {
      // Unavailable, or the same key still in flight elsewhere: stays `placing`, retried next pass with the same key.
      if (!(err instanceof AppError) || err.status >= 500 || err.errorName === 'RequestInProgress') throw err;
      await this.finish(row, { status: 'rejected', reason: `${err.errorName}: ${err.message}` });
      await this.notify(dep, 'order_rejected', `Strategy order for ${row.symbol} refused`, err.message, { session_date: row.sessionDate, symbol: row.symbol, side: row.action });
    }
  }

  private ordersLimitReason(tradeSession: string): string {
    return `STRATEGY_MAX_ORDERS_PER_DAY (${this.config.strategyMaxOrdersPerDay}) orders already placed for ${tradeSession}`;
  }

  private placedOn(dep: StrategyDeployment, tradeSession: string): Promise<number> {
    return this.db.getRepository(StrategyDecision).count({ where: { deploymentId: dep.id, tradeSession, status: In(['placing', 'placed']) } });
  }

  /** A sell is the whole real position. True when it is now `placing` (sized and stored). */
  private async sizeSell(dep: StrategyDeployment, row: StrategyDecision): Promise<boolean> {
    if ((await this.placedOn(dep, row.tradeSession)) >= this.config.strategyMaxOrdersPerDay) {
      return this.store(dep, [], [{ row, status: 'refused', reason: this.ordersLimitReason(row.tradeSession) }]).then(() => false);
    }
    const h = await this.holdings.getHoldings(dep.userId, dep.portfolioId);
    const position = h.positions.find((p) => p.symbol === row.symbol)?.quantity ?? d(0);
    if (position.lte(0)) return this.store(dep, [], [{ row, status: 'hold', reason: 'No position to sell at the open' }]).then(() => false);
    return this.store(dep, [{ row, quantity: position, position }], []);
  }

  /**
   * The entries of one open, sized like the engine (`sizeEntries`: the same equity at the open for all, each cut to
   * the cash the ones before it left) at the live quotes, and stored in one transaction. False when another runner
   * got there first or the deployment stopped being active.
   */
  private async sizeBuys(dep: StrategyDeployment, document: StrategyDocument, rows: StrategyDecision[]): Promise<boolean> {
    const h = await this.holdings.getHoldings(dep.userId, dep.portfolioId);
    const quotes = await this.market.getQuotes([...new Set([...rows.map((r) => r.symbol), ...h.positions.map((p) => p.symbol)])]);
    let equity = h.cash_balance;
    for (const p of h.positions) equity = equity.plus(p.quantity.mul(quotes.get(p.symbol)?.price ?? p.avg_cost));
    let budget = this.config.strategyMaxOrdersPerDay - (await this.placedOn(dep, rows[0].tradeSession));
    const skips: Skip[] = [];
    const sizable: { row: StrategyDecision; open: Decimal }[] = [];
    for (const row of rows) {
      const quote = quotes.get(row.symbol);
      if (h.positions.some((p) => p.symbol === row.symbol && p.quantity.gt(0))) skips.push({ row, status: 'hold', reason: 'The position was already held at the open' });
      else if (budget <= 0) skips.push({ row, status: 'refused', reason: this.ordersLimitReason(row.tradeSession) });
      else if (!quote || quote.stale) skips.push({ row, status: 'rejected', reason: `No live price for ${row.symbol} at the open` });
      else {
        sizable.push({ row, open: quote.price });
        budget -= 1;
      }
    }
    const sized = sizeEntries(documentSizing(document), equity, h.cash_balance, sizable.map((x) => x.open), this.costs.commission, d(this.costs.slippageBps));
    const claims: Claim[] = [];
    sizable.forEach(({ row }, i) => {
      if (sized[i].quantity.gt(0)) claims.push({ row, quantity: sized[i].quantity, position: d(0) });
      else skips.push({ row, status: 'refused', reason: 'The cash pays for no share at the open' });
    });
    return this.store(dep, claims, skips);
  }

  /**
   * Stores sizes (`placing`, only while the deployment is still active: a pause or stop since this pass read it wins)
   * and outcomes of pending decisions, all or none: a retry after a crash sends the same requests under the same keys.
   */
  private async store(dep: StrategyDeployment, claims: Claim[], skips: Skip[]): Promise<boolean> {
    try {
      await this.db.transaction(async (m) => {
        const qb = () => m.getRepository(StrategyDecision).createQueryBuilder().update();
        for (const c of claims) {
          const res = await qb()
            .set({ status: 'placing', quantity: c.quantity, positionQuantity: c.position, updatedAt: new Date() })
            .where(`id = :id AND status = 'pending' AND EXISTS (SELECT 1 FROM strategy_deployments WHERE id = :dep AND status = 'active')`, { id: c.row.id, dep: dep.id })
            .execute();
          if (!res.affected) throw new LostClaim();
        }
        for (const x of skips) {
          const res = await qb().set({ status: x.status, reason: x.reason, updatedAt: new Date() }).where(`id = :id AND status = 'pending'`, { id: x.row.id }).execute();
          if (!res.affected) throw new LostClaim();
        }
      });
    } catch (err) {
      if (err instanceof LostClaim) return false;
      throw err;
    }
    for (const c of claims) Object.assign(c.row, { status: 'placing', quantity: c.quantity, positionQuantity: c.position });
    for (const x of skips) Object.assign(x.row, { status: x.status, reason: x.reason });
    return claims.length > 0;
  }

  private async finish(row: StrategyDecision, change: { status: StrategyDecision['status']; reason: string | null; orderId?: string }): Promise<void> {
    await this.db.getRepository(StrategyDecision).update({ id: row.id }, { status: change.status, reason: change.reason, ...(change.orderId ? { orderId: change.orderId } : {}), updatedAt: new Date() });
    row.status = change.status;
  }

  /** The portfolio's real quantities by symbol; a deployment whose portfolio is gone is stopped. */
  private async realPositions(dep: StrategyDeployment): Promise<Map<string, Decimal> | null> {
    try {
      const h = await this.holdings.getHoldings(dep.userId, dep.portfolioId);
      return new Map(h.positions.map((p) => [p.symbol, p.quantity]));
    } catch (err) {
      if (err instanceof AppError && err.errorName === 'NotFound') {
        await this.db.getRepository(StrategyDeployment).update({ id: dep.id }, { status: 'stopped', stoppedAt: new Date(), updatedAt: new Date(), leaseOwner: null, leaseExpiresAt: null });
        await this.notify(dep, 'stopped', 'Strategy deployment stopped', 'Its portfolio was deleted', {});
        return null;
      }
      throw err;
    }
  }

  private async notify(dep: StrategyDeployment, event: string, title: string, message: string, fields: Record<string, unknown>): Promise<void> {
    await this.notifier
      .notify(dep.userId, { kind: 'strategy', event, title, message, deployment_id: dep.id, strategy_id: dep.strategyId, ...fields })
      .catch((err) => this.logger.warn({ err, deployment_id: dep.id }, 'strategy notification failed'));
  }
}
