import { jest } from '@jest/globals';
import { CounterStore } from '../counters/counter.store';
import { LeasedBudgets, leaseSize } from './leased-budgets';

const WINDOW_MS = 60_000;

/** Instances sharing one counter store, as RecWay instances share Redis (here its in-process fallback). */
function instances(count: number) {
  const shared = new CounterStore(undefined);
  return { shared, budgets: Array.from({ length: count }, () => new LeasedBudgets(shared)) };
}

async function admitted(budgets: LeasedBudgets[], requests: number, limit: number): Promise<number> {
  const taken = await Promise.all(
    Array.from({ length: requests }, (_, i) => budgets[i % budgets.length].take('client', limit, WINDOW_MS)),
  );
  return taken.filter(({ count }) => count <= limit).length;
}

describe('LeasedBudgets', () => {
  it('should lease one count at a time below 200, so small limits count exactly', () => {
    expect(leaseSize(5)).toBe(1);
    expect(leaseSize(199)).toBe(1);
    expect(leaseSize(200)).toBe(2);
    expect(leaseSize(100_000)).toBe(1_000);
    expect(leaseSize(1_000_000_000)).toBe(1_000);
  });

  it('should never admit more than the limit, whatever the number of instances', async () => {
    for (const count of [1, 3, 8]) {
      const { budgets } = instances(count);
      expect(await admitted(budgets, 3_000, 2_000)).toBeLessThanOrEqual(2_000);
    }
  });

  it('should refuse early by at most the leases left unspent on the other instances', async () => {
    const limit = 2_000;
    const { budgets } = instances(4);
    // Every instance holds a lease; then all requests go to the first one.
    for (const budget of budgets) await budget.take('client', limit, WINDOW_MS);
    const total = 4 + (await admitted([budgets[0]], 3_000, limit));
    const unspentElsewhere = 3 * (leaseSize(limit) - 1);
    expect(total).toBeGreaterThanOrEqual(limit - unspentElsewhere);
    expect(total).toBeLessThanOrEqual(limit);
  });

  it('should count exactly with one-count leases: the 6th request of a limit of 5 is refused', async () => {
    const { budgets } = instances(2);
    const counts = [];
    for (let i = 0; i < 6; i++) counts.push((await budgets[i % 2].take('client', 5, WINDOW_MS)).count);
    expect(counts).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('should ask the shared store once per lease, not once per request, even for concurrent requests', async () => {
    const { shared, budgets } = instances(1);
    const incrementBy = jest.spyOn(shared, 'incrementBy');
    await admitted(budgets, 3_000, 1_000_000);
    expect(incrementBy.mock.calls.length).toBeLessThanOrEqual(3);
    expect((await shared.peek('client')).count).toBe(3_000);
  });

  it('should serve a burst on a one-count limit in a few round trips, still counting exactly', async () => {
    const { shared, budgets } = instances(1);
    const incrementBy = jest.spyOn(shared, 'incrementBy');
    expect(await admitted(budgets, 150, 100)).toBe(100);
    expect(incrementBy.mock.calls.length).toBeLessThanOrEqual(3);
    expect((await shared.peek('client')).count).toBe(150);
  });

  it('should start a new lease when the window ends', async () => {
    const { budgets } = instances(1);
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      expect((await budgets[0].take('client', 100_000, 1_000)).count).toBe(1);
      expect((await budgets[0].take('client', 100_000, 1_000)).count).toBe(2);
      jest.setSystemTime(1_000_000 + 1_001);
      expect((await budgets[0].take('client', 100_000, 1_000)).count).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
