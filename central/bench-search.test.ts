import { describe, expect, it } from 'vitest';
import { benchSearch } from './bench-search.ts';

describe('benchSearch', () => {
  // The real run is 1 000 000 inmates (npm run bench); this only proves the harness works
  // end to end (it also asserts internally that search finds ≥ 90 % of the sampled people).
  it('returns latency percentiles and a transfer rate on a small data set', async () => {
    const result = await benchSearch({ inmateCount: 5_000, searchCount: 200, transferCount: 10 });
    expect(result.p50Ms).toBeGreaterThan(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
    expect(result.transfersPerSecond).toBeGreaterThan(0);
  });
});
