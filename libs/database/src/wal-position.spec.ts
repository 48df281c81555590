import { hasReached, walPositionValue } from './wal-position';

describe('WAL positions', () => {
  it('orders positions by both halves, as numbers rather than text', () => {
    expect(walPositionValue('0/9')).toBeLessThan(walPositionValue('0/10'));
    expect(walPositionValue('0/FFFFFFFF')).toBeLessThan(walPositionValue('1/0'));
    expect(walPositionValue('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
  });

  it('says a replica has reached a write when it replayed up to or past it', () => {
    expect(hasReached('1/20', '1/20')).toBe(true);
    expect(hasReached('1/21', '1/20')).toBe(true);
    expect(hasReached('1/1F', '1/20')).toBe(false);
    expect(hasReached(undefined, '1/20')).toBe(false);
    expect(hasReached(undefined, undefined)).toBe(true);
  });

  it('refuses text that is not a position', () => {
    expect(() => walPositionValue('latest')).toThrow('not a WAL position: latest');
  });
});
