import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '../user-role';

export const ROLES = 'octopus:roles';
/** Restricts a route to the given roles (checked after authentication). */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);
