import { Injectable } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Response } from 'express';
import { ApiKeysService, type KeyedRequest } from '../api-keys/api-keys.service';
import { MetricsService } from '../metrics/metrics.service';

/** The seed's message, kept for its clients. */
export const RATE_LIMIT_MESSAGE = 'Rate limit exceeded. Try again later.';

/**
 * @nestjs/throttler's guard with the IETF draft header names (RateLimit-Limit/-Remaining/-Reset) and,
 * on 429, those headers plus Retry-After, the seed's `detail`, and a count in the metrics.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override headerPrefix = 'RateLimit';

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly metrics: MetricsService,
    private readonly apiKeys: ApiKeysService,
  ) {
    super(options, storage, reflector);
  }

  /**
   * A valid API key is its own client: its budget follows the key wherever it calls from. Anything
   * else (no key, or a key that does not authenticate) counts against the address, so inventing keys
   * never buys more requests.
   */
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const user = await this.apiKeys.authenticateRequest(request as unknown as KeyedRequest);
    return user ? `key:${user.apiKeyId}` : super.getTracker(request);
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail & { name?: string },
  ): Promise<void> {
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('Retry-After', detail.timeToBlockExpire);
    response.setHeader(`${this.headerPrefix}-Limit`, detail.limit);
    response.setHeader(`${this.headerPrefix}-Remaining`, 0);
    response.setHeader(`${this.headerPrefix}-Reset`, detail.timeToBlockExpire);
    this.metrics.rateLimitedRequests.inc({ limit: limitName(detail.key) });
    return Promise.reject(new ThrottlerException(RATE_LIMIT_MESSAGE));
  }
}

/** The storage keys are `<throttler>:<client>` (see RateLimitModule), so the limit's name comes first. */
function limitName(key: string): string {
  return key.slice(0, key.indexOf(':'));
}
