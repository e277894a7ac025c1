import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { uuidParam } from '../../common/validation/uuid-param';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { AlertsService } from './alerts.service';
import { AlertDto, AlertListDto, CreateAlertDto, ListAlertsQueryDto } from './dto/alert.dto';

const alertId = uuidParam('Alert');

@ApiTags('alerts')
@ApiBearerAuth()
@ApiSecurity('api_key')
@Controller('api/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a price alert',
    description:
      'Fires once per crossing: when its condition holds while armed. A one-shot alert is then done (`status: triggered`); ' +
      'a repeating one re-arms once the condition stops holding. Firings are stored and sent as `alert` messages to ' +
      "every live /ws/notifications connection of the owner. At most 100 alerts per user.",
  })
  @ApiCreatedResponse({ type: AlertDto })
  @ApiErrors(401, 422, 429, 503)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateAlertDto): Promise<AlertDto> {
    return this.alerts.create(user.id, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Your alerts, oldest first' })
  @ApiOkResponse({ type: AlertListDto })
  @ApiErrors(401, 422, 429)
  list(@CurrentUser() user: AuthUser, @Query() query: ListAlertsQueryDto): Promise<AlertListDto> {
    return this.alerts.list(user.id, query.limit ?? 50, query.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your alerts' })
  @ApiOkResponse({ type: AlertDto })
  @ApiErrors(401, 404, 429)
  get(@CurrentUser() user: AuthUser, @Param('id', alertId) id: string): Promise<AlertDto> {
    return this.alerts.get(user.id, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an alert' })
  @ApiNoContentResponse()
  @ApiErrors(401, 404, 429)
  async remove(@CurrentUser() user: AuthUser, @Param('id', alertId) id: string): Promise<void> {
    await this.alerts.remove(user.id, id);
  }
}
