import { Global, Module, type Provider } from '@nestjs/common';
import type { TestingModuleBuilder } from '@nestjs/testing';
import { PortfolioHoldingsReader } from '../../src/portfolios/portfolio-holdings.contract';
import { RiskModule } from '../../src/risk/risk.module';

export { FakeHoldingsReader } from '../../src/risk/testing/fakes';

/**
 * Puts a test double of `PortfolioHoldingsReader` (and any other contract providers, e.g. a fake market) into a test
 * app, whether or not the portfolios module registers the real one:
 *
 * - `overrideProvider` replaces the token wherever the app registers it (once the portfolios module does);
 * - `overrideModule(RiskModule)` swaps RiskModule for the same module plus a tiny @Global module that provides the
 *   double, so the token exists even when nothing in the app registers it (overrideProvider alone cannot add a
 *   provider that is not there). Both registrations hold the same object, so lookups by token agree.
 *
 * Use it as (or inside) startTestApp's `customize`: `startTestApp(env, withHoldingsReader(fake))`.
 */
export function withHoldingsReader(
  reader: PortfolioHoldingsReader,
  extra: Provider[] = [],
): (b: TestingModuleBuilder) => TestingModuleBuilder {
  const tokens = extra.map((p) => (typeof p === 'function' ? p : p.provide));

  @Global()
  @Module({
    providers: [{ provide: PortfolioHoldingsReader, useValue: reader }, ...extra],
    exports: [PortfolioHoldingsReader, ...tokens],
  })
  class RiskTestDoublesModule {}

  return (b) =>
    b
      .overrideProvider(PortfolioHoldingsReader)
      .useValue(reader)
      .overrideModule(RiskModule)
      .useModule({ module: RiskModule, imports: [RiskTestDoublesModule] });
}
