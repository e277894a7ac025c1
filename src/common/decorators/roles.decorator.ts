import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { UserRole } from '../user-role';

export const ROLES = 'octopus:roles';
/** The roles in the OpenAPI document too (operation extension), from which it derives an API key's scope. */
export const OPENAPI_ROLES = 'x-roles';
/** Restricts a route to the given roles (checked after authentication). */
export const Roles = (...roles: UserRole[]) => applyDecorators(SetMetadata(ROLES, roles), ApiExtension(OPENAPI_ROLES, roles));
