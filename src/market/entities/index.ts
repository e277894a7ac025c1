import { DailyBarRecord } from './daily-bar.entity';
import { Instrument } from './instrument.entity';
import { MarketImport } from './market-import.entity';

/** The market module's entities, spread into src/database/entities.ts. */
export const MARKET_ENTITIES = [Instrument, DailyBarRecord, MarketImport];
export { DailyBarRecord, Instrument, MarketImport };
