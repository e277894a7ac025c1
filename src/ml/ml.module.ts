import { Module } from '@nestjs/common';
import { ForecastService } from './forecast/forecast.service';
import { MlController } from './ml.controller';

/** Forecasting over `MarketDataService`/`CLOCK` (global market module). */
@Module({
  controllers: [MlController],
  providers: [ForecastService],
})
export class MlModule {}
