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

export type Admission = { granted: true; release: ReleaseSlot } | { granted: false; cause: 'no_slot' | 'budget_spent' };

/**
 * Whether a request may call the upstream now: one of this instance's AI_MAX_CONCURRENT_REQUESTS
 * slots within the request's deadline, then one unit of AI_MAX_REQUESTS_PER_MINUTE. The budget is
 * taken only with a slot in hand, so it counts calls that really go upstream.
 */
@Injectable()
export class AiAdmission {
  private readonly slots: ConcurrencyLimiter;
  private readonly perMinute: number;

  constructor(
    config: ConfigService<RecwayConfig, true>,
    private readonly counters: CounterStore,
  ) {
    const ai = config.get('ai', { infer: true });
    this.slots = new ConcurrencyLimiter(ai.maxConcurrentRequests, ai.maxConcurrentRequests * WAITING_PER_SLOT);
    this.perMinute = ai.maxRequestsPerMinute;
  }

  async admit(deadline: Deadline): Promise<Admission> {
    const release = await this.slots.acquire(deadline.signal);
    if (!release) return { granted: false, cause: 'no_slot' };
    const { count } = await this.counters.increment(AI_BUDGET_COUNTER, MINUTE_MS);
    if (count <= this.perMinute) return { granted: true, release };
    release();
    return { granted: false, cause: 'budget_spent' };
  }
}
