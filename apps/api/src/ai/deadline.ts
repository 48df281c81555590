/**
 * One time budget for a whole assistant request (slot wait, retries, backoff, streaming): its signal
 * aborts when the time is up or when `cancel()` is called (the caller left, or the work is done).
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly endsAt: number;
  private readonly timer: NodeJS.Timeout;
  private timedOut = false;

  constructor(ms: number) {
    this.endsAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new Error('AI request deadline reached'));
    }, ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * True once the budget ran out (not when it was cancelled). The clock decides, not only the timer:
   * another timer due at the same moment (a socket's, the SDK's) may fire first and report the end.
   */
  get expired(): boolean {
    return this.timedOut || Date.now() >= this.endsAt;
  }

  /** True when `cancel()` ended it before the time was up: the caller left. */
  get cancelled(): boolean {
    return this.controller.signal.aborted && !this.expired;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  /** Ends the budget early and releases its timer; anything still listening to the signal stops. */
  cancel(): void {
    clearTimeout(this.timer);
    this.controller.abort(new Error('AI request finished'));
  }
}
