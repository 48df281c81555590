import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RecwayConfig } from '@recway/config';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { CountersModule } from '../counters/counters.module';
import { UsersModule } from '../users/users.module';
import { AccessTokenVerifier } from './access-token.verifier';
import { JwtAuthGuard, RolesGuard } from './access.guards';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { TOKEN_ALGORITHM, TOKEN_AUDIENCE } from './jwt.options';
import { LoginAttemptsService } from './login-attempts.service';
import { RefreshToken } from './refresh-token.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { TokensService } from './tokens.service';

@Module({
  imports: [
    UsersModule,
    ApiKeysModule,
    CountersModule,
    TypeOrmModule.forFeature([RefreshToken]),
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<RecwayConfig, true>) => ({
        secret: config.get('auth.secretKey', { infer: true }),
        signOptions: {
          algorithm: TOKEN_ALGORITHM,
          issuer: config.get('app.name', { infer: true }),
          audience: TOKEN_AUDIENCE,
          expiresIn: config.get('auth.accessTokenMinutes', { infer: true }) * 60,
        },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokensService,
    LoginAttemptsService,
    RefreshTokensRepository,
    AccessTokenVerifier,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AccessTokenVerifier],
})
export class AuthModule {}
