import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileLink } from './file-link.ts';

const dir = mkdtempSync(join(tmpdir(), 'escpos-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openFileLink', () => {
  it('writes bytes straight into the device file', async () => {
    const path = join(dir, 'lp0');
    writeFileSync(path, '');
    const opened = await openFileLink(path);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    await opened.value.write(Uint8Array.from([0x1b, 0x40, 0x41, 0x0a]));
    await opened.value.close();
    expect([...readFileSync(path)]).toEqual([0x1b, 0x40, 0x41, 0x0a]);
  });

  it('returns a clear error for a missing device instead of throwing', async () => {
    expect(await openFileLink(join(dir, 'no-such-lp'))).toEqual({
      ok: false,
      error: { kind: 'not-found', path: join(dir, 'no-such-lp') },
    });
  });

  it('refuses writes after close with an error naming the device', async () => {
    const path = join(dir, 'lp1');
    writeFileSync(path, '');
    const opened = await openFileLink(path);
    if (!opened.ok) throw new Error('open failed');
    await opened.value.close();
    await expect(opened.value.write(Uint8Array.from([1]))).rejects.toThrow(
      /lp1: write after close/,
    );
  });
});
