import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, wsUrlOf } from '../support/ws-client.ts';

describe('headless host (child process, real WebSocket)', () => {
  let kiosk: KioskProcess;

  beforeAll(async () => {
    kiosk = await startKioskProcess();
  });

  afterAll(async () => {
    await kiosk?.stop();
  });

  it('prints one line with the URL to open, carrying a random token', () => {
    expect(kiosk.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('answers the contract with a valid token and same origin', async () => {
    const client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
    const result = await client.call('kiosk:getStatus');
    expect(result.ok).toBe(true);
    expect(result.value).toMatchObject({
      language: 'ru',
      languages: expect.arrayContaining(['ru', 'en']),
    });
    client.close();
  });

  it('refuses a wrong token, a foreign origin and no origin', async () => {
    const good = wsUrlOf(kiosk.url);
    const badToken = good.replace(/token=[^&]+/, 'token=guess');
    await expect(connectClient(badToken, kiosk.origin)).rejects.toThrow(/403/);
    await expect(connectClient(good, 'http://evil.example')).rejects.toThrow(/403/);
    await expect(connectClient(good, '')).rejects.toThrow(/403/);
  });

  it('answers malformed, oversized and unknown messages with errors', async () => {
    const client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
    const unknown = await client.call('nope:nothing');
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'unknown-channel' } });
    const badArgs = await client.call('kiosk:setLanguage', { language: 'xx' });
    expect(badArgs).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    const inherited = await client.call('toString');
    expect(inherited).toMatchObject({ ok: false, error: { kind: 'unknown-channel' } });

    const before = client.replies.length;
    client.sendRaw('{not json');
    client.sendRaw('x'.repeat(200_000));
    client.sendRaw(Buffer.from([0xff, 0x00, 0x13]));
    await waitFor(() => client.replies.length >= before + 3);
    const errors = client.replies.slice(before) as { result: { error: { kind: string } } }[];
    expect(errors.map((reply) => reply.result.error.kind)).toEqual([
      'bad-request',
      'bad-request',
      'bad-request',
    ]);
    client.close();
  });

  it('survives thousands of random messages and still answers', async () => {
    const client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
    const channels = ['kiosk:getStatus', 'kiosk:setLanguage', 'x', '__proto__', 'constructor', ''];
    const message = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 4 }),
      fc
        .record({
          id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.double()),
          channel: fc.oneof(fc.constantFrom(...channels), fc.string({ maxLength: 40 })),
          args: fc.anything({ maxDepth: 3 }),
        })
        .map((value) => JSON.stringify(value)),
    );
    const samples = fc.sample(message, { numRuns: 3_000, seed: 20261125 });
    for (const sample of samples) client.sendRaw(sample);
    // The flood may still fill the per-client in-flight cap ('busy' is an answer too): the
    // host must come back to answering, on the same connection, once it has worked it off.
    let status = await client.call('kiosk:getStatus');
    for (let tries = 0; tries < 50 && !status.ok && status.error?.kind === 'busy'; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await client.call('kiosk:getStatus');
    }
    expect(status.ok, JSON.stringify(status)).toBe(true);
    expect(kiosk.child.exitCode).toBeNull();
    client.close();

    const fresh = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
    expect((await fresh.call('kiosk:getStatus')).ok).toBe(true);
    fresh.close();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
