import { describe, expect, it } from 'vitest';
import { createWorkQueue } from './work-queue.ts';

describe('work queue', () => {
  it('runs jobs one at a time in arrival order, even when an earlier one fails', async () => {
    const queue = createWorkQueue(8);
    const order: string[] = [];
    let release: () => void = () => {};
    const first = queue.run(async () => {
      order.push('first:start');
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      order.push('first:end');
      throw new Error('first failed');
    });
    const second = queue.run(async () => {
      order.push('second');
      return 2;
    });
    await Promise.resolve();
    expect(order).toEqual(['first:start']);
    release();
    await expect(first).rejects.toThrow('first failed');
    expect(await second).toBe(2);
    expect(order).toEqual(['first:start', 'first:end', 'second']);
    await queue.drained();
    expect(queue.length).toBe(0);
  });

  it('refuses to grow past its bound (a flood is a bug, not a backlog)', () => {
    const queue = createWorkQueue(2);
    const never = () => new Promise<void>(() => {});
    void queue.run(never);
    void queue.run(never);
    expect(() => queue.run(never)).toThrow(/more than 2 jobs/);
  });
});
