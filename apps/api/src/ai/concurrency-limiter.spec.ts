import { ConcurrencyLimiter, type ReleaseSlot } from './concurrency-limiter';

describe(ConcurrencyLimiter.name, () => {
  const open = (): AbortSignal => new AbortController().signal;

  it('should grant up to maxActive slots at once', async () => {
    const limiter = new ConcurrencyLimiter(2, 0);
    expect(await limiter.acquire(open())).toEqual(expect.any(Function));
    expect(await limiter.acquire(open())).toEqual(expect.any(Function));
    expect(await limiter.acquire(open())).toBeUndefined(); // no queue allowed
  });

  it('should hand a released slot to the first waiter', async () => {
    const limiter = new ConcurrencyLimiter(1, 2);
    const first = (await limiter.acquire(open())) as ReleaseSlot;
    const order: string[] = [];
    const second = limiter.acquire(open()).then((release) => (order.push('second'), release));
    const third = limiter.acquire(open()).then((release) => (order.push('third'), release));
    first();
    (await second)?.();
    (await third)?.();
    expect(order).toEqual(['second', 'third']);
  });

  it('should refuse at once when the queue is full', async () => {
    const limiter = new ConcurrencyLimiter(1, 1);
    await limiter.acquire(open());
    void limiter.acquire(open());
    expect(await limiter.acquire(open())).toBeUndefined();
  });

  it('should drop a waiter whose signal aborts, and free its place in the queue', async () => {
    const limiter = new ConcurrencyLimiter(1, 1);
    const holder = (await limiter.acquire(open())) as ReleaseSlot;
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    expect(await waiting).toBeUndefined();
    const next = limiter.acquire(open());
    holder();
    expect(await next).toEqual(expect.any(Function));
  });

  it('should ignore a second release of the same slot', async () => {
    const limiter = new ConcurrencyLimiter(1, 0);
    const release = (await limiter.acquire(open())) as ReleaseSlot;
    release();
    release();
    expect(await limiter.acquire(open())).toEqual(expect.any(Function));
    expect(await limiter.acquire(open())).toBeUndefined();
  });

  it('should refuse a caller whose signal has already aborted', async () => {
    expect(await new ConcurrencyLimiter(1, 1).acquire(AbortSignal.abort())).toBeUndefined();
  });
});
