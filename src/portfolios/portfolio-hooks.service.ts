import { Injectable } from '@nestjs/common';

export type PortfolioDeletedHandler = (portfolioId: string) => Promise<void>;

/**
 * Lets modules that depend on portfolios react to a deletion without portfolios depending on them (the orders
 * module registers "cancel the open orders"). Handlers run after the deletion committed; the order engine's
 * sweep finishes the job if an instance dies in between.
 */
@Injectable()
export class PortfolioHooks {
  private readonly deleted: PortfolioDeletedHandler[] = [];

  onDeleted(handler: PortfolioDeletedHandler): void {
    this.deleted.push(handler);
  }

  async portfolioDeleted(portfolioId: string): Promise<void> {
    for (const h of this.deleted) await h(portfolioId);
  }
}
