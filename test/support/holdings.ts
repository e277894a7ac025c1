import type { TestingModuleBuilder } from '@nestjs/testing';
import { PortfolioHoldingsReader } from '../../src/portfolios/portfolio-holdings.contract';

export { FakeHoldingsReader } from '../../src/risk/testing/fakes';

/** Replaces the portfolios module's `PortfolioHoldingsReader` with a test double: `startTestApp(env, withHoldingsReader(fake))`. */
export function withHoldingsReader(reader: PortfolioHoldingsReader): (b: TestingModuleBuilder) => TestingModuleBuilder {
  return (b) => b.overrideProvider(PortfolioHoldingsReader).useValue(reader);
}
