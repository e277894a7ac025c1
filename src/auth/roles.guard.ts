import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { ROLES } from '../common/decorators/roles.decorator';
import { ForbiddenError } from '../common/errors/app-error';
import type { UserRole } from '../common/user-role';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (!roles?.length || context.getType() !== 'http') return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user || !roles.includes(user.role)) throw new ForbiddenError(`Requires role: ${roles.join(' or ')}`);
    return true;
  }
}
