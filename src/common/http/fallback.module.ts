import { All, Controller, Inject, Module, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { appConfig, type AppConfig } from '../../config/app.config';
import { Public } from '../decorators/public.decorator';
import { NotFoundError } from '../errors/app-error';
import { rawRequest, rawResponse, requestPath } from './http-platform';
import { findWebBundle, isClientRoute, sendIndex } from './web-app';

/**
 * Unknown routes as a route of their own, registered after every other (its module is imported last), so they
 * pass through the global guards like any request: counted by the rate limiter (per IP, or per user with
 * credentials) with the X-RateLimit-* headers, instead of skipping them as Nest's built-in 404 does.
 * A browser asking for a client route of the dashboard (web/, when built) gets its index.html instead.
 */
@ApiExcludeController()
@Public()
@Controller()
export class FallbackController {
  private readonly web: string | null;

  constructor(@Inject(appConfig.KEY) config: AppConfig) {
    this.web = findWebBundle(config.webDistDir);
  }

  @All('{*path}')
  notFound(@Req() req: unknown, @Res() res: { hijack?: () => void }): void {
    const raw = rawRequest(req);
    if (this.web && isClientRoute(raw)) {
      res.hijack?.(); // Fastify: the response is written on Node's own object
      return sendIndex(this.web, raw, rawResponse(res));
    }
    throw new NotFoundError(`Route ${raw.method} ${requestPath(raw)}`);
  }
}

/** Import LAST in AppModule: Express matches routes in registration order (Fastify ranks wildcards last itself). */
@Module({ controllers: [FallbackController] })
export class FallbackModule {}
