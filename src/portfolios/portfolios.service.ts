import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { d } from '../common/decimal';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/errors/app-error';
import { Clock, CLOCK, MarketDataService, UnknownSymbolError } from '../market/market.contracts';
import { IdempotencyClaim, IdempotencyService, IdempotentResult } from '../idempotency/idempotency.service';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxService } from '../outbox/outbox.service';
import { decimalOf } from '../common/validation/decimal.validator';
import {
  AddPositionDto,
  CashMovementDto,
  CashTransactionDto,
  CashTransactionListDto,
  CreatePortfolioDto,
  FillListDto,
  PageQueryDto,
  PortfolioDetailDto,
  PortfolioDto,
  PositionDto,
  UpdatePortfolioDto,
} from './dto/portfolio.dto';
import { CashTransaction } from './entities/cash-transaction.entity';
import { Fill } from './entities/fill.entity';
import { Portfolio } from './entities/portfolio.entity';
import { Position } from './entities/position.entity';
import { LedgerService } from './ledger.service';
import { toCashTransactionDto, toFillDto } from './mappers';
import { DEFAULT_PAGE, decodeCursor, page } from '../common/pagination/seq-cursor';
import { PortfolioHooks } from './portfolio-hooks.service';
import { ValuationService } from './valuation.service';

/** Portfolios, their cash and positions, as the API sees them. Writes go through the ledger in one transaction each. */
@Injectable()
export class PortfoliosService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: LedgerService,
    private readonly valuation: ValuationService,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
    private readonly idempotency: IdempotencyService,
    private readonly hooks: PortfolioHooks,
    private readonly market: MarketDataService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The caller's live portfolio, unlocked (reads). */
  async findOwned(userId: string, portfolioId: string): Promise<Portfolio> {
    const p = await this.db.getRepository(Portfolio).findOneBy({ id: portfolioId, userId, deletedAt: IsNull() });
    if (!p) throw new NotFoundError('Portfolio');
    return p;
  }

  /** Ids of the caller's live (not deleted) portfolios, oldest first. */
  async liveIds(userId: string): Promise<string[]> {
    const rows = await this.db.getRepository(Portfolio).find({ select: { id: true }, where: { userId, deletedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((r) => r.id);
  }

  async list(userId: string): Promise<PortfolioDto[]> {
    const portfolios = await this.db.getRepository(Portfolio).find({ where: { userId, deletedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
    return (await this.valuation.value(portfolios)).map((v) => this.valuation.toDto(v));
  }

  async get(userId: string, portfolioId: string): Promise<PortfolioDetailDto> {
    const [v] = await this.valuation.value([await this.findOwned(userId, portfolioId)]);
    return this.valuation.toDetailDto(v);
  }

  create(userId: string, dto: CreatePortfolioDto, key?: string): Promise<IdempotentResult<PortfolioDetailDto>> {
    return this.idempotency.execute(userId, key, { method: 'POST', route: '/api/portfolios', body: dto }, (claim) => this.doCreate(userId, dto, claim));
  }

  private async doCreate(userId: string, dto: CreatePortfolioDto, claim: IdempotencyClaim | null): Promise<PortfolioDetailDto> {
    const initial = dto.initial_cash === undefined ? d(0) : decimalOf(dto.initial_cash);
    const body = await this.db.transaction(async (m) => {
      const repo = m.getRepository(Portfolio);
      const now = this.clock.now();
      const p = repo.create({
        userId,
        name: dto.name,
        description: dto.description ?? null,
        cashBalance: d(0),
        reservedCash: d(0),
        realizedPnl: d(0),
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      await repo.insert(p);
      if (initial.gt(0)) await this.ledger.deposit(m, p, initial, 'initial cash');
      await this.ledger.flush(m, p);
      const body: PortfolioDetailDto = {
        ...this.valuation.toDto({ portfolio: p, positions: [], totalValue: p.cashBalance, positionsValue: d(0), dayChange: d(0) }),
        description: p.description,
        positions: [],
      };
      await this.event(m, p, 'created', { portfolio: body });
      await claim?.complete(m, 201, body);
      return body;
    });
    this.relay.kick();
    return body;
  }

  async update(userId: string, portfolioId: string, dto: UpdatePortfolioDto): Promise<PortfolioDetailDto> {
    if (dto.name === undefined && dto.description === undefined) {
      throw new ValidationFailedError([{ field: 'name', code: 'REQUIRED', message: 'give name or description to change' }]);
    }
    await this.db.transaction(async (m) => {
      const p = await this.ledger.lockPortfolio(m, userId, portfolioId);
      const changes: Partial<Portfolio> = { updatedAt: this.clock.now() };
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.description !== undefined) changes.description = dto.description;
      await m.update(Portfolio, p.id, changes);
      await this.event(m, p, 'updated', { name: changes.name ?? p.name, description: changes.description !== undefined ? changes.description : p.description });
    });
    this.relay.kick();
    return this.get(userId, portfolioId);
  }

  /** Soft delete: the rows stay (history), the portfolio leaves every read, its open orders are canceled. */
  async remove(userId: string, portfolioId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const p = await this.ledger.lockPortfolio(m, userId, portfolioId);
      const now = this.clock.now();
      await m.update(Portfolio, p.id, { deletedAt: now, updatedAt: now });
      await this.event(m, p, 'deleted', {});
    });
    this.relay.kick();
    await this.hooks.portfolioDeleted(portfolioId);
  }

  async moveCash(userId: string, portfolioId: string, dto: CashMovementDto): Promise<CashTransactionDto> {
    const amount = decimalOf(dto.amount);
    const tx = await this.db.transaction(async (m) => {
      const p = await this.ledger.lockPortfolio(m, userId, portfolioId);
      const tx = dto.type === 'deposit' ? await this.ledger.deposit(m, p, amount) : await this.ledger.withdraw(m, p, amount);
      await this.ledger.flush(m, p);
      const body = toCashTransactionDto(tx);
      await this.event(m, p, dto.type, { transaction: body });
      return body;
    });
    this.relay.kick();
    return tx;
  }

  async transactions(userId: string, portfolioId: string, q: PageQueryDto): Promise<CashTransactionListDto> {
    await this.findOwned(userId, portfolioId);
    const limit = q.limit ?? DEFAULT_PAGE;
    const after = decodeCursor('t', q.cursor);
    const qb = this.db.getRepository(CashTransaction).createQueryBuilder('t').where('t.portfolio_id = :portfolioId', { portfolioId });
    if (after) qb.andWhere('t.seq < :after', { after });
    const rows = await qb.orderBy('t.seq', 'DESC').limit(limit + 1).getMany();
    const { items, next } = page(rows, limit, 't');
    return { transactions: items.map(toCashTransactionDto), next_cursor: next };
  }

  async fills(userId: string, portfolioId: string, q: PageQueryDto): Promise<FillListDto> {
    await this.findOwned(userId, portfolioId);
    const limit = q.limit ?? DEFAULT_PAGE;
    const after = decodeCursor('f', q.cursor);
    const qb = this.db.getRepository(Fill).createQueryBuilder('f').where('f.portfolio_id = :portfolioId', { portfolioId });
    if (after) qb.andWhere('f.seq < :after', { after });
    const rows = await qb.orderBy('f.seq', 'DESC').limit(limit + 1).getMany();
    const { items, next } = page(rows, limit, 'f');
    return { fills: items.map(toFillDto), next_cursor: next };
  }

  async positions(userId: string, portfolioId: string): Promise<PositionDto[]> {
    const [v] = await this.valuation.value([await this.findOwned(userId, portfolioId)]);
    return v.positions;
  }

  /** An existing holding brought in: a transfer-in at `price`, merged into a position of the same symbol. */
  async addPosition(userId: string, portfolioId: string, dto: AddPositionDto): Promise<PositionDto> {
    await this.assertKnownSymbol(dto.symbol);
    const quantity = decimalOf(dto.quantity);
    const price = decimalOf(dto.price);
    const positionId = await this.db.transaction(async (m) => {
      const p = await this.ledger.lockPortfolio(m, userId, portfolioId);
      const position = await this.ledger.transferIn(m, p, dto.symbol, quantity, price);
      await this.ledger.flush(m, p);
      await this.event(m, p, 'transfer_in', { position_id: position.id, symbol: dto.symbol, quantity: quantity.toNumber(), price: price.toNumber() });
      return position.id;
    });
    this.relay.kick();
    return this.getPosition(userId, positionId);
  }

  async getPosition(userId: string, positionId: string): Promise<PositionDto> {
    const position = await this.ownedPosition(this.db.manager, userId, positionId);
    const found = (await this.positions(userId, position.portfolioId)).find((s) => s.id === positionId);
    if (!found) throw new NotFoundError('Position');
    return found;
  }

  /** The whole holding leaves as a transfer-out; refused while open sell orders hold part of it. */
  async deletePosition(userId: string, positionId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const found = await this.ownedPosition(m, userId, positionId);
      const p = await this.ledger.lockPortfolio(m, userId, found.portfolioId);
      const position = await this.ledger.lockPosition(m, p.id, found.symbol);
      if (!position || position.quantity.isZero()) throw new NotFoundError('Position');
      if (position.reservedQuantity.gt(0)) {
        throw new ConflictError(
          `${position.reservedQuantity.toFixed()} ${position.symbol} is held by open sell orders; cancel them first`,
          'PositionReserved',
        );
      }
      const quantity = position.quantity;
      await this.ledger.transferOut(m, p, position);
      await this.ledger.flush(m, p);
      await this.event(m, p, 'transfer_out', { position_id: position.id, symbol: position.symbol, quantity: quantity.toNumber() });
    });
    this.relay.kick();
  }

  async assertKnownSymbol(symbol: string): Promise<void> {
    const instrument = await this.market.findInstrument(symbol);
    if (!instrument || !instrument.active) throw new UnknownSymbolError(symbol);
  }

  private async ownedPosition(m: EntityManager, userId: string, positionId: string): Promise<Position> {
    const position = await m
      .getRepository(Position)
      .createQueryBuilder('s')
      .innerJoin(Portfolio, 'p', 'p.id = s.portfolio_id')
      .where('s.id = :positionId AND p.user_id = :userId AND p.deleted_at IS NULL AND s.quantity > 0', { positionId, userId })
      .getOne();
    if (!position) throw new NotFoundError('Position');
    return position;
  }

  private event(m: EntityManager, p: Portfolio, event: string, payload: Record<string, unknown>): Promise<void> {
    return this.outbox.append(m, { userId: p.userId, portfolioId: p.id, type: 'portfolio', event, payload: { portfolio_id: p.id, ...payload } });
  }
}
