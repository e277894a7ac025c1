import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { uuidParam } from '../../common/validation/uuid-param';
import { DeploymentsService } from './deployments.service';
import {
  CreateDeploymentDto,
  ListDecisionsQueryDto,
  ListDeploymentsQueryDto,
  StrategyDecisionListDto,
  StrategyDeploymentDto,
  StrategyDeploymentListDto,
  StrategyParityDto,
} from './dto/deployment.dto';

const TIMING =
  'Decisions are on the daily close only: intraday ticks never trigger a decision or an order (a document has no ' +
  'intraday mode), so the runner and the backtest read the same daily bars. ' +
  'Timing is the backtest’s: after each session closes the runner evaluates the rules on that session’s daily bars ' +
  '(the same window and code as a backtest starting at `first_session`) and logs one decision per symbol; the orders ' +
  'go at the next session’s open — market day orders through the ordinary order engine, exits first, entries sized on ' +
  'the equity after them like the backtest (fraction of equity at the open, whole shares, cut to the cash). The target ' +
  'is compared with the portfolio’s REAL position, not the strategy’s intended one. Idempotency: every order carries the ' +
  'Idempotency-Key `strategy-deployment:{deployment}:{decision session}:{symbol}`, and its size is stored before it is ' +
  'placed, so a restart or a second instance replays the first order and never places a decision twice. One runner at a ' +
  'time: a row lease in PostgreSQL (`lease_owner` until `lease_expires_at`, database time, STRATEGY_LEASE_MS, taken or renewed ' +
  'right before each step of the deployment, handed back at shutdown). Limits: STRATEGY_MAX_DEPLOYMENTS_PER_USER running or paused deployments (default 10; ' +
  'one more is 422), one running deployment per portfolio (409), STRATEGY_MAX_ORDERS_PER_DAY orders per deployment per ' +
  'session (default 50; beyond, the decision is logged `refused`). Decisions and orders are pushed to the owner on ' +
  '/ws/notifications (`kind: strategy`); the orders, being ordinary orders, also on /ws/trading.';

const TRANSITIONS =
  'pause: active → paused (decisions are still made and logged; at the open a paused deployment places nothing and logs them `paused`); resume: paused → active (decisions not yet traded go at the next open); ' +
  'stop: → stopped, final (decisions waiting for the open become `missed`). Asking for the current state is a no-op (200); ' +
  'any change of a stopped deployment is 409 `Conflict`. Open orders already placed are not canceled (cancel them with DELETE /api/orders/{id}).';

@ApiTags('strategies')
@ApiBearerAuth()
@ApiSecurity('api_key')
@Controller('api/strategies')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Post(':id/deployments')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Deploy a strategy version on one of your paper portfolios (the live paper runner)',
    description: `Both the strategy and the portfolio must be yours (404 otherwise). The first decision is on the close of the session in progress (or the last one), the first order at the next open. 422 \`InsufficientHistory\` when a symbol lacks the warm-up history. ${TIMING}`,
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The strategy' })
  @ApiCreatedResponse({ type: StrategyDeploymentDto })
  @ApiErrors(401, 404, 409, 422, 429)
  create(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Strategy')) id: string, @Body() dto: CreateDeploymentDto): Promise<StrategyDeploymentDto> {
    return this.deployments.create(user.id, id, dto);
  }

  @Get(':id/deployments')
  @ApiOperation({ summary: 'The deployments of one of your strategies, newest first (cursor pages)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The strategy' })
  @ApiOkResponse({ type: StrategyDeploymentListDto })
  @ApiErrors(401, 404, 422, 429)
  list(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Strategy')) id: string, @Query() q: ListDeploymentsQueryDto): Promise<StrategyDeploymentListDto> {
    return this.deployments.list(user.id, id, q.limit, q.cursor);
  }

  @Get('deployments/:id/status')
  @ApiOperation({
    summary: 'One of your deployments: its status, sessions, lease and capital',
    description: `Not \`/api/strategies/deployments/{id}\`: that path would be ambiguous with \`/api/strategies/{id}/deployments\`. ${TIMING}`,
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: StrategyDeploymentDto })
  @ApiErrors(401, 404, 429)
  get(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Deployment')) id: string): Promise<StrategyDeploymentDto> {
    return this.deployments.get(user.id, id);
  }

  @Post('deployments/:id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a deployment', description: TRANSITIONS })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: StrategyDeploymentDto })
  @ApiErrors(401, 404, 409, 429)
  pause(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Deployment')) id: string): Promise<StrategyDeploymentDto> {
    return this.deployments.transition(user.id, id, 'paused');
  }

  @Post('deployments/:id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused deployment', description: TRANSITIONS })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: StrategyDeploymentDto })
  @ApiErrors(401, 404, 409, 429)
  resume(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Deployment')) id: string): Promise<StrategyDeploymentDto> {
    return this.deployments.transition(user.id, id, 'active');
  }

  @Post('deployments/:id/stop')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop a deployment for good', description: TRANSITIONS })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: StrategyDeploymentDto })
  @ApiErrors(401, 404, 409, 429)
  stop(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Deployment')) id: string): Promise<StrategyDeploymentDto> {
    return this.deployments.transition(user.id, id, 'stopped');
  }

  @Get('deployments/:id/decisions')
  @ApiOperation({
    summary: 'Every decision of a deployment, newest first (cursor pages)',
    description: 'One row per decision session and symbol: the inputs (prices, indicators), the rule results, the target, the action against the real position, and the order placed (order_id) or why not (status, reason).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: StrategyDecisionListDto })
  @ApiErrors(401, 404, 422, 429)
  decisions(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Deployment')) id: string, @Query() q: ListDecisionsQueryDto): Promise<StrategyDecisionListDto> {
    return this.deployments.decisions(user.id, id, q.limit, q.cursor);
  }

  @Get('deployments/:id/parity')
  @ApiOperation({
    summary: 'Backtest vs live: the backtester replayed over the deployment’s live period, compared with what the runner did',
    description:
      'The same document version, the same bar window, the server’s costs and the deployment’s initial capital, from `first_session` through the ' +
      'last completed session. Fills match when session, symbol and side agree and the filled quantity is within 0.000001. Each difference ' +
      'has a reason: not_decided, paused, missed, refused (a limit), rejected, not_filled_yet, partial_fill, not_filled, quantity_differs, ' +
      'position_differs (the portfolio held something else), not_in_backtest.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: StrategyParityDto })
  @ApiErrors(401, 404, 422, 429)
  parity(@CurrentUser() user: AuthUser, @Param('id', uuidParam('Deployment')) id: string): Promise<StrategyParityDto> {
    return this.deployments.parity(user.id, id);
  }
}
