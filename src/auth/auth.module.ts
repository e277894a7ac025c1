import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { authConfig, type AuthConfig } from '../config/auth.config';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordService } from './password.service';

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: AuthConfig) => ({
        secret: config.jwt.secret,
        signOptions: { algorithm: 'HS256', issuer: 'octopus' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'octopus' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    ApiKeysService,
    PasswordService,
    LoginThrottleService,
    JwtStrategy,
  ],
  exports: [AuthService, ApiKeysService, JwtModule],
})
export class AuthModule {}
