import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { uuidParam } from '../common/validation/uuid-param';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { PortfolioRiskDto, PortfolioRiskQueryDto } from './dto/portfolio-risk.dto';
import {
  ScenarioListDto,
  SectorMultiplierDto,
  STRESS_MODEL_DESCRIPTION,
  StressTestRequestDto,
  StressTestResultDto,
} from './dto/stress-test.dto';
import { VarRequestDto, VarResultDto } from './dto/var.dto';
import { PortfolioRiskService } from './portfolio-risk.service';
import { StressTestService } from './stress-test.service';
import { VarService } from './var.service';

const CACHE_NOTE =
  ' Results are cached in memory per portfolio and holdings version, inputs and market as-of date (and last closes), ' +
  'so they are recomputed as soon as prices or holdings change.';

@ApiTags('risk')
@ApiBearerAuth()
@ApiSecurity('api_key')
@ApiExtraModels(SectorMultiplierDto)
@Controller('api/risk')
export class RiskController {
  constructor(
    private readonly portfolioRiskService: PortfolioRiskService,
    private readonly varService: VarService,
    private readonly stress: StressTestService,
  ) {}

  @Get('portfolio/:portfolio_id')
  @ApiOperation({
    summary: 'Risk figures of one of your portfolios',
    description:
      '1-day VaR and CVaR of the current positions, performance ratios of the portfolio’s value series over the ' +
      'lookback, correlations and sector exposure. Every field’s formula, units, sign and annualisation is in the ' +
      'response schema. 422 `ValidationError` for a portfolio without positions, 422 `InsufficientHistory` when ' +
      'fewer than 50 daily returns are available (or series=actual without recorded NAV covering the lookback); ' +
      'never NaN or Infinity: undefined ratios are null.' +
      CACHE_NOTE,
  })
  @ApiOkResponse({ type: PortfolioRiskDto })
  @ApiErrors(401, 404, 422)
  portfolio(
    @CurrentUser() user: AuthUser,
    @Param('portfolio_id', uuidParam('Portfolio')) portfolioId: string,
    @Query() query: PortfolioRiskQueryDto,
  ): Promise<PortfolioRiskDto> {
    return this.portfolioRiskService.portfolioRisk(user.id, portfolioId, query);
  }

  @Post('var')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Value at Risk of hypothetical positions',
    description:
      'VaR and CVaR of money exposures (negative = short) by historical simulation, variance–covariance or Monte ' +
      'Carlo, with per-position marginal and component VaR (Euler allocation: components sum to `var`). Unknown ' +
      'symbols: 422 `UnknownSymbol` with `{field: "positions.N.symbol", code: "UNKNOWN_SYMBOL"}`.' +
      CACHE_NOTE,
  })
  @ApiOkResponse({ type: VarResultDto })
  @ApiErrors(401, 422)
  valueAtRisk(@Body() dto: VarRequestDto): Promise<VarResultDto> {
    return this.varService.valueAtRisk(dto);
  }

  @Post('stress-test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Stress-test a portfolio or positions against historical and custom scenarios',
    description: STRESS_MODEL_DESCRIPTION + ' Unknown scenario names: 422 listing the known ones.' + CACHE_NOTE,
  })
  @ApiOkResponse({ type: StressTestResultDto })
  @ApiErrors(401, 404, 422)
  stressTest(@CurrentUser() user: AuthUser, @Body() dto: StressTestRequestDto): Promise<StressTestResultDto> {
    return this.stress.stressTest(user.id, dto);
  }

  @Get('scenarios')
  @ApiOperation({ summary: 'The stress scenarios: windows, index moves, sources and sector multipliers with their reasoning' })
  @ApiOkResponse({ type: ScenarioListDto })
  @ApiErrors(401)
  scenarios(): ScenarioListDto {
    return this.stress.scenarios();
  }
}
