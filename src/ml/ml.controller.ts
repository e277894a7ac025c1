import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { PredictRequestDto, PredictResultDto } from './forecast/dto/predict.dto';
import { ForecastService } from './forecast/forecast.service';

@ApiTags('ml')
@ApiBearerAuth()
@ApiSecurity('api_key')
@Controller('api/ml')
export class MlController {
  constructor(private readonly forecasts: ForecastService) {}

  @Post('predict')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Forecast daily closes with Prophet, AutoETS or the naive drift model, with an evaluated interval',
    description:
      'Fits the model on the symbol\'s daily closes (adjusted where an import has them) and forecasts the next ' +
      'sessions. `evaluation` is the model\'s rolling-origin record on this symbol (8–60 origins over the last 2 years, up ' +
      'to 21 sessions ahead): MAPE, MASE against the naive step and the empirical coverage of the 80% and 95% ' +
      'intervals, for the model\'s own and the conformal interval. 404 unknown symbol; 422 bad horizon, model or ' +
      'confidence, too little history (`InsufficientHistory`, with the minimum and what there is), or a model that ' +
      'cannot be fitted (`ModelFitFailed`, with its reason). A first request for a symbol and model can take seconds ' +
      '(Prophet: about 0.3–0.5 s per fit, 17 fits); repeats are served from a cache until the next close.',
  })
  @ApiOkResponse({ type: PredictResultDto })
  @ApiErrors(401, 404, 422, 429)
  predict(@Body() dto: PredictRequestDto): Promise<PredictResultDto> {
    return this.forecasts.predict(dto);
  }
}
