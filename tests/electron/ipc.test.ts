import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { command } from '../../common/contract.ts';
import { err, ok } from '../../common/result.ts';
import { createEventBus } from '../../main/event-bus.ts';
import { createDispatcher, type Dispatcher } from '../../main/hosts/dispatch.ts';
import { eventChannel, invokeChannel } from '../../preload/ipc-channels.ts';
import { captureLogger } from './fake-electron.ts';
import { startShell } from './start-shell.ts';

type Invoke = (event: unknown, message: unknown) => Promise<unknown>;

function sender(contentsId: number, url: string | null, parent: unknown = null) {
  return {
    sender: { id: contentsId },
    senderFrame: url === null ? null : { url, parent },
  };
}

async function shellWithInvoke(dispatch?: Dispatcher) {
  const started = await startShell(dispatch ? { dispatch } : {});
  const invoke = started.fake.ipcHandlers.get(invokeChannel) as Invoke;
  return { ...started, invoke, ourId: started.contents.id };
}

describe('Electron IPC', () => {
  it('registers exactly one invoke channel', async () => {
    const { fake } = await startShell();
    expect([...fake.ipcHandlers.keys()]).toEqual(['kiosk:invoke']);
  });

  it('passes { channel, args } from our page to the dispatcher and returns its Result', async () => {
    const { invoke, ourId, kiosk } = await shellWithInvoke();
    const reply = await invoke(sender(ourId, 'app://kiosk/index.html'), {
      channel: 'kiosk:getStatus',
      args: {},
    });
    expect(reply).toEqual({
      ok: true,
      value: { echoed: { channel: 'kiosk:getStatus', args: {} } },
    });
    expect(kiosk.dispatch).toHaveBeenCalledWith('kiosk:getStatus', {}, { client: 'electron' });
  });

  it.each([
    ['a foreign origin', (id: number) => sender(id, 'https://evil.example/')],
    ['a file:// page', (id: number) => sender(id, 'file:///app/renderer/dist/index.html')],
    ['another app host', (id: number) => sender(id, 'app://other/index.html')],
    ['a subframe of our page', (id: number) => sender(id, 'app://kiosk/x.html', { url: 'x' })],
    ['a destroyed frame', (id: number) => sender(id, null)],
    ['other web contents', (id: number) => sender(id + 1000, 'app://kiosk/index.html')],
  ])('refuses %s with an error Result, never calling dispatch', async (_name, make) => {
    const { invoke, ourId, kiosk, lines } = await shellWithInvoke();
    const reply = await invoke(make(ourId), { channel: 'kiosk:getStatus', args: {} });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(kiosk.dispatch).not.toHaveBeenCalled();
    expect(lines.some((line) => line.msg === 'refused IPC sender')).toBe(true);
  });

  it.each([null, 'kiosk:getStatus', 42, [], {}])(
    'answers a malformed message (%j) with bad-request',
    async (message) => {
      const { invoke, ourId } = await shellWithInvoke();
      const reply = await invoke(sender(ourId, 'app://kiosk/index.html'), message);
      expect(reply).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    },
  );

  it('dispatcher errors (unknown channel, bad args, throwing handler) come back as Results', async () => {
    const { log } = captureLogger();
    const real = createDispatcher(
      {
        'test:double': command(
          z.object({ n: z.number().int() }).strict(),
          z.object({ n: z.number() }),
        ),
        'test:boom': command(z.object({}).strict(), z.object({})),
      },
      {
        'test:double': ({ n }) => ok({ n: n * 2 }),
        'test:boom': () => {
          throw new Error('handler bug');
        },
      },
      log,
    );
    const { invoke, ourId } = await shellWithInvoke(real);
    const from = sender(ourId, 'app://kiosk/index.html');
    expect(await invoke(from, { channel: 'test:double', args: { n: 21 } })).toEqual({
      ok: true,
      value: { n: 42 },
    });
    expect(await invoke(from, { channel: 'nope:nope', args: {} })).toMatchObject({
      ok: false,
      error: { kind: 'unknown-channel' },
    });
    expect(await invoke(from, { channel: 'test:double', args: { n: 'x' } })).toMatchObject({
      ok: false,
      error: { kind: 'bad-request' },
    });
    expect(await invoke(from, { channel: 'test:boom', args: {} })).toMatchObject({
      ok: false,
      error: { kind: 'internal' },
    });
  });

  it('a dispatcher that throws anyway still yields an internal Result, not a rejection', async () => {
    const { invoke, ourId } = await shellWithInvoke(async () => {
      throw new Error('bug');
    });
    await expect(
      invoke(sender(ourId, 'app://kiosk/index.html'), { channel: 'kiosk:getStatus', args: {} }),
    ).resolves.toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('a hostile message whose getter throws yields an internal Result', async () => {
    const { invoke, ourId } = await shellWithInvoke();
    const hostile = {
      get channel(): string {
        throw new Error('getter');
      },
    };
    await expect(invoke(sender(ourId, 'app://kiosk/index.html'), hostile)).resolves.toMatchObject({
      ok: false,
      error: { kind: 'internal' },
    });
  });

  it('forwards bus events to the page as { event, payload } and skips a destroyed page', async () => {
    const { events, contents } = await startShell();
    const status = { language: 'en' } as never;
    events.emit('kiosk:statusChanged', status);
    expect(contents.sent).toEqual([
      [eventChannel, { event: 'kiosk:statusChanged', payload: status }],
    ]);
    contents.destroyed = true;
    events.emit('kiosk:statusChanged', status);
    expect(contents.sent).toHaveLength(1);
  });

  it('the panel is not exposed: panel commands reach only the kiosk dispatcher', async () => {
    const panelDispatch = vi.fn<Dispatcher>(async () => ok({}));
    const kioskDispatch = vi.fn<Dispatcher>(async () =>
      err({ kind: 'unknown-channel', message: 'Unknown command.' }),
    );
    const started = await startShell({
      createKiosk: async () => ({
        dispatch: kioskDispatch,
        events: createEventBus(() => {}),
        panel: { dispatch: panelDispatch, events: createEventBus(() => {}) },
        close: async () => {},
      }),
    });
    const invoke = started.fake.ipcHandlers.get(invokeChannel) as Invoke;
    const reply = await invoke(sender(started.contents.id, 'app://kiosk/index.html'), {
      channel: 'panel:insertNote',
      args: {},
    });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'unknown-channel' } });
    expect(panelDispatch).not.toHaveBeenCalled();
    expect([...started.fake.ipcHandlers.keys()]).toEqual(['kiosk:invoke']);
  });
});
