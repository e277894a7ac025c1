import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/dto/page-query.dto';
import { PARITY_REASONS } from '../domain/live';
import { DECISION_STATUSES } from '../entities/strategy-decision.entity';
import { DEPLOYMENT_STATUSES } from '../entities/strategy-deployment.entity';

const EXAMPLE_DEPLOYMENT_ID = '8c4e2f1a-6b7d-4e3c-9a2b-1f0e9d8c7b6a';
const EXAMPLE_STRATEGY_ID = '5b0f8a57-3c8e-4d52-9a8e-2f7d1f6b9c41';
const EXAMPLE_PORTFOLIO_ID = 'd290f1ee-6c54-4b01-90e6-d701748f0851';

export class CreateDeploymentDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PORTFOLIO_ID, description: 'One of your portfolios (404 otherwise); at most one running deployment per portfolio' })
  @IsUUID('all', { message: 'portfolio_id must be a UUID' })
  portfolio_id: string;

  @ApiProperty({ enum: ['paper'], example: 'paper', description: 'Only paper trading (the portfolio is a paper portfolio)' })
  @IsIn(['paper'])
  mode: 'paper';

  @ApiPropertyOptional({ minimum: 1, example: 1, description: 'The strategy version to run (default: the latest); it never changes for this deployment' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

export class StrategyDeploymentDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_DEPLOYMENT_ID }) id: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STRATEGY_ID }) strategy_id: string;
  @ApiProperty({ example: 1 }) strategy_version: number;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PORTFOLIO_ID }) portfolio_id: string;
  @ApiProperty({ enum: ['paper'], example: 'paper' }) mode: 'paper';
  @ApiProperty({ enum: DEPLOYMENT_STATUSES, example: 'active', description: 'active (deciding and trading), paused (deciding, logging, not trading), stopped (final)' })
  status: (typeof DEPLOYMENT_STATUSES)[number];
  @ApiProperty({ format: 'date', example: '2026-12-04', description: 'The session on whose close the first decision is made' }) first_decision_session: string;
  @ApiProperty({ format: 'date', example: '2026-12-07', description: 'The first session at whose open it may trade' }) first_session: string;
  @ApiProperty({ example: 100000, description: 'The portfolio’s value (cash + positions at quotes) when deployed: the parity backtest’s initial capital' })
  initial_capital: number;
  @ApiProperty({ format: 'date', nullable: true, type: String, example: '2026-12-04', description: 'The last session decided on' }) last_decision_session: string | null;
  @ApiProperty({ description: 'A runner instance holds the lease now (renewed on every pass; STRATEGY_LEASE_MS)', example: true }) running: boolean;
  @ApiProperty({ format: 'date-time', example: '2026-12-04T20:30:00.000Z' }) created_at: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-04T20:30:00.000Z' }) updated_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: null }) stopped_at: string | null;
}

export class StrategyDeploymentListDto {
  @ApiProperty({ type: [StrategyDeploymentDto], description: 'Newest first' }) deployments: StrategyDeploymentDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor: string | null;
}

export class ListDeploymentsQueryDto extends PageQueryDto {}
export class ListDecisionsQueryDto extends PageQueryDto {}

export class DecisionRulesDto {
  @ApiProperty({ nullable: true, type: Boolean, example: true, description: 'The entry rule (null: not evaluated, the position was held)' }) entry: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, example: null, description: 'The exit rule (null: not evaluated, flat)' }) exit: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, example: null, description: 'Stop-loss / take-profit hit (null: the document has none, or flat)' }) stop: boolean | null;
  @ApiProperty({ nullable: true, type: Number, example: null, description: 'equal_weight_top_n: the score (null when not eligible)' }) score: number | null;
}

export class StrategyDecisionDto {
  @ApiProperty({ format: 'uuid', example: '0f3a6c2e-9d41-4b8a-8e5f-7c1d2b3a4e5f' }) id: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_DEPLOYMENT_ID }) deployment_id: string;
  @ApiProperty({ format: 'date', example: '2026-12-04', description: 'The session whose close was decided on' }) session_date: string;
  @ApiProperty({ format: 'date', example: '2026-12-07', description: 'The session at whose open the order goes' }) trade_session: string;
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number', nullable: true },
    example: { open: 187.2, high: 189.1, low: 186.5, close: 188.4, volume: 51000000, sma_20: 185.3, sma_50: 184.9 },
    description: 'The decision session’s prices and every indicator’s value (null while warming up)',
  })
  inputs: Record<string, number | null>;
  @ApiProperty({ type: DecisionRulesDto }) rules: DecisionRulesDto;
  @ApiProperty({ minimum: 0, maximum: 1, example: 1, description: 'The position the rules want after the next open (1 held, 0 flat)' }) target: number;
  @ApiProperty({ enum: ['buy', 'sell', 'none'], example: 'buy', description: 'The target against the portfolio’s real position' }) action: 'buy' | 'sell' | 'none';
  @ApiProperty({
    enum: DECISION_STATUSES,
    example: 'placed',
    description:
      'hold (nothing to do), pending (waiting for the open), placing (sized, being placed), placed (order_id), refused (a limit; reason), ' +
      'rejected (the order service refused it; reason), missed (the trade session closed before the runner acted), paused (the deployment was paused)',
  })
  status: (typeof DECISION_STATUSES)[number];
  @ApiProperty({ nullable: true, type: Number, example: 0, description: 'The real position when the order was sized' }) position_quantity: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 265, description: 'Shares ordered' }) quantity: number | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }) order_id: string | null;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Why no order was placed, or why it was refused' }) reason: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-12-04T21:00:05.000Z' }) created_at: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-07T14:30:01.000Z' }) updated_at: string;
}

export class StrategyDecisionListDto {
  @ApiProperty({ type: [StrategyDecisionDto], description: 'Newest first' }) decisions: StrategyDecisionDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor: string | null;
}

export class ParityDifferenceDto {
  @ApiProperty({ format: 'date', example: '2026-12-08' }) trade_session: string;
  @ApiProperty({ example: 'AAPL' }) symbol: string;
  @ApiProperty({ enum: ['buy', 'sell'], example: 'buy' }) side: 'buy' | 'sell';
  @ApiProperty({ nullable: true, type: Number, example: 265 }) backtest_quantity: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 0 }) live_quantity: number | null;
  @ApiProperty({ enum: PARITY_REASONS, example: 'paused' }) reason: (typeof PARITY_REASONS)[number];
  @ApiProperty({ example: 'The deployment was paused' }) message: string;
}

export class StrategyParityDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_DEPLOYMENT_ID }) deployment_id: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STRATEGY_ID }) strategy_id: string;
  @ApiProperty({ example: 1 }) strategy_version: number;
  @ApiProperty({ format: 'date', example: '2026-12-07' }) first_session: string;
  @ApiProperty({ format: 'date', nullable: true, type: String, example: '2026-12-11', description: 'The last completed session replayed (null before the first)' }) last_session: string | null;
  @ApiProperty({ example: 100000 }) initial_capital: number;
  @ApiProperty({ example: 2, description: 'Fills of the backtest in the period' }) backtest_fills: number;
  @ApiProperty({ example: 2, description: 'Orders the runner placed that filled (in part or whole) in the period' }) live_fills: number;
  @ApiProperty({ example: 2, description: 'Backtest fills the runner matched: same session, symbol, side, quantity within rounding' }) matched: number;
  @ApiProperty({ example: true, description: 'No differences' }) in_parity: boolean;
  @ApiProperty({ type: [ParityDifferenceDto] }) differences: ParityDifferenceDto[];
}
