import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { RecwayConfig } from '@recway/config';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { CounterStore } from '../counters/counter.store';
import { CountersModule } from '../counters/counters.module';
import { CounterThrottlerStorage } from './counter-throttler.storage';
import { isGisRateLimited } from './gis-rate-limit.decorator';
import { isLoginRateLimited } from './login-rate-limit.decorator';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * Limits per client (a valid API key, else Express' req.ip: X-Forwarded-For counts only from
 * TRUSTED_PROXY_HOSTS): `default`, RATE_LIMIT_CALLS per RATE_LIMIT_PERIOD over all routes together (the
 * seed's rule) except the GIS ones, which share `gis`, RATE_LIMIT_GIS_CALLS per period; and `login`,
 * RATE_LIMIT_LOGIN_CALLS per period on the sign-in route. Counted in Redis when configured.
 * Import before AuthModule: its guard must run before authentication, so token guessing is limited too.
 */
@Module({
  imports: [
    ApiKeysModule,
    ThrottlerModule.forRootAsync({
      imports: [CountersModule],
      inject: [ConfigService, CounterStore],
      useFactory: (config: ConfigService<RecwayConfig, true>, counters: CounterStore): ThrottlerModuleOptions => {
        const { calls, loginCalls, gisCalls, periodSeconds } = config.get('rateLimit', { infer: true });
        const ttl = periodSeconds * 1000;
        return {
          throttlers: [
            { name: 'default', limit: calls, ttl, skipIf: isGisRateLimited },
            { name: 'gis', limit: gisCalls, ttl, skipIf: (context) => !isGisRateLimited(context) },
            { name: 'login', limit: loginCalls, ttl, skipIf: (context) => !isLoginRateLimited(context) },
          ],
          generateKey: (_context, client, throttlerName) => `${throttlerName}:${client}`,
          storage: new CounterThrottlerStorage(counters),
        };
      },
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
