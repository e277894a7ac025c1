import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'octopus:isPublic';
/** Marks a route as reachable without credentials (register, login, refresh, docs, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
