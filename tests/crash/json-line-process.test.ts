import { describe, expect, it } from 'vitest';
import { spawnJsonLines } from './json-line-process.ts';

describe('spawnJsonLines', () => {
  it('still finds a reply after more messages than it keeps have gone by', async () => {
    // Echoes every line back, after 25 000 lines of its own: more than the 20 000 kept.
    const script = `
      for (let i = 0; i < 25000; i += 1) process.stdout.write(JSON.stringify({ type: 'noise', i }) + '\\n');
      process.stdout.write(JSON.stringify({ type: 'ready' }) + '\\n');
      require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
        process.stdout.write(JSON.stringify({ type: 'reply', ...JSON.parse(line) }) + '\\n');
      });`;
    const child = spawnJsonLines(['-e', script], {}, process.cwd());
    try {
      await child.waitFor((m) => m.type === 'ready', 'ready', 20_000);
      expect(child.received()).toBe(25_001);
      expect(child.messages.length).toBeLessThan(child.received());
      const since = child.received();
      child.send({ id: 7 });
      const reply = await child.waitFor((m) => m.type === 'reply', 'reply', 20_000, since);
      expect(reply).toEqual({ type: 'reply', id: 7 });
    } finally {
      await child.kill('SIGKILL');
    }
  });
});
