import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'octopus:isPublic';
/** Read by the OpenAPI document builder, which turns it into `security: []` (no credentials needed). */
export const OPENAPI_PUBLIC = 'x-public';
/** Marks a route as reachable without credentials (register, login, refresh, docs, health). */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(OPENAPI_PUBLIC, true));
