import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RecwayConfig } from '@recway/config';
import { RetryLaterException } from '@recway/common';
import { normalizeIp } from '@nestjs/throttler';
import { CounterStore } from '../counters/counter.store';
import { MetricsService } from '../metrics/metrics.service';

/**
 * Brute-force defence: failed logins are counted per account and per client IP (Redis when
 * configured, so every instance shares the count). Past the limit, logins for that account or from
 * that IP get 429 with Retry-After until the window ends, whether the password is right or not.
 * The client IP is Express' `req.ip`: X-Forwarded-For counts only from TRUSTED_PROXY_HOSTS. An IPv6
 * client counts as its /64, as in the rate limits: one subscriber holds a whole /64 and could
 * otherwise take a fresh address for every guess.
 */
@Injectable()
export class LoginAttemptsService {
  constructor(
    private readonly counters: CounterStore,
    private readonly metrics: MetricsService,
    @Inject(ConfigService) private readonly config: ConfigService<RecwayConfig, true>,
  ) {}

  async assertAllowed(email: string, ip: string): Promise<void> {
    const limits = this.limits();
    const [account, client] = await Promise.all([this.counters.peek(accountKey(email)), this.counters.peek(ipKey(ip))]);
    const blocked = [
      account.count >= limits.perAccount ? account.msToReset : 0,
      client.count >= limits.perIp ? client.msToReset : 0,
    ];
    const waitMs = Math.max(...blocked);
    if (waitMs > 0) {
      this.metrics.loginFailures.inc({ reason: 'locked_out' });
      throw new RetryLaterException('Too many failed logins; try again later', Math.ceil(waitMs / 1000));
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const { windowMs } = this.limits();
    this.metrics.loginFailures.inc({ reason: 'bad_credentials' });
    await Promise.all([
      this.counters.increment(accountKey(email), windowMs),
      this.counters.increment(ipKey(ip), windowMs),
    ]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.counters.reset(accountKey(email));
  }

  private limits() {
    const auth = this.config.get('auth', { infer: true });
    return {
      perAccount: auth.loginMaxFailuresPerAccount,
      perIp: auth.loginMaxFailuresPerIp,
      windowMs: auth.loginFailureWindowMs,
    };
  }
}

function accountKey(email: string): string {
  return `login-failures:account:${email.trim().toLowerCase()}`;
}

function ipKey(ip: string): string {
  return `login-failures:ip:${normalizeIp(ip)}`;
}
