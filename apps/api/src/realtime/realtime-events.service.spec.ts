import { channelFor } from './realtime-events.service';

describe(channelFor.name, () => {
  it('should give each Redis database its own channel (pub/sub is server-wide)', () => {
    expect(channelFor('redis://cache:6379/15')).toBe('recway:15:realtime:events');
    expect(channelFor('redis://:secret@cache:6379')).toBe('recway:0:realtime:events');
    expect(channelFor(undefined)).toBe('recway:0:realtime:events');
  });
});
