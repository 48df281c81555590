import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RecwayConfig } from '@recway/config';
import { CounterStore } from '../counters/counter.store';
import { ConcurrencyLimiter, type ReleaseSlot } from './concurrency-limiter';
import type { Deadline } from './deadline';

/** The shared per-minute budget's counter (Redis when configured, so one budget for all instances). */
export const AI_BUDGET_COUNTER = 'ai:upstream-requests';
const MINUTE_MS = 60_000;
/** Callers that may queue for a slot, per slot: enough to absorb a burst, never an unbounded queue. */
const WAITING_PER_SLOT = 4;

export type Admission =
  { granted: true; release: ReleaseSlot } | { granted: false; cause: 'no_slot' | 'budget_spent' | 'user_budget_spent' };

/**
 * Whether a request may call the upstream now: one of this instance's AI_MAX_CONCURRENT_REQUESTS
 * slots within the request's deadline, then one unit of the user's share
 * (AI_MAX_REQUESTS_PER_USER_PER_MINUTE), then one of AI_MAX_REQUESTS_PER_MINUTE. Budgets are taken
 * only with a slot in hand, so they count calls that really go upstream; a user over their share
 * takes nothing from everyone's budget.
 */
@Injectable()
export class AiAdmission {
  private readonly slots: ConcurrencyLimiter;
  private readonly perMinute: number;
  private readonly perUserPerMinute: number;

  constructor(
    config: ConfigService<RecwayConfig, true>,
    private readonly counters: CounterStore,
  ) {
    const ai = config.get('ai', { infer: true });
    this.slots = new ConcurrencyLimiter(ai.maxConcurrentRequests, ai.maxConcurrentRequests * WAITING_PER_SLOT);
    this.perMinute = ai.maxRequestsPerMinute;
    this.perUserPerMinute = ai.maxRequestsPerUserPerMinute;
  }

  async admit(deadline: Deadline, userId: string): Promise<Admission> {
    const release = await this.slots.acquire(deadline.signal);
    if (!release) return { granted: false, cause: 'no_slot' };
    const cause = await this.spendBudgets(userId);
    if (!cause) return { granted: true, release };
    release();
    return { granted: false, cause };
  }

  private async spendBudgets(userId: string): Promise<'budget_spent' | 'user_budget_spent' | undefined> {
    const user = await this.counters.increment(`${AI_BUDGET_COUNTER}:user:${userId}`, MINUTE_MS);
    if (user.count > this.perUserPerMinute) return 'user_budget_spent';
    const everyone = await this.counters.increment(AI_BUDGET_COUNTER, MINUTE_MS);
    return everyone.count > this.perMinute ? 'budget_spent' : undefined;
  }
}
