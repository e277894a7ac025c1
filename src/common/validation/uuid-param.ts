import { ParseUUIDPipe } from '@nestjs/common';
import { NotFoundError } from '../errors/app-error';

/** A path id that is not a UUID cannot name anything: 404 `<what> not found`, as for an id that does not exist. */
export const uuidParam = (what: string) => new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError(what) });
