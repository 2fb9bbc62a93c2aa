import { afterAll, describe, expect, it } from 'vitest';
import { demoPins } from '../../main/dev/demo-setup.ts';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';

/**
 * Service mode's fiscal section through the real kiosk process: on a kiosk with a registrar the
 * panel shows it, the X report prints and closing the shift (Z) is followed by a new shift; on a
 * KIOSK_FISCAL=none kiosk no cash is taken until an operator confirms the party central names,
 * a stale name is refused, the collector may not confirm, and every answer is audited.
 */
const kiosks: KioskProcess[] = [];
const clients: TestClient[] = [];
afterAll(async () => {
  for (const client of clients) client.close();
  for (const kiosk of kiosks) await kiosk.stop();
});

async function start(env: Record<string, string>) {
  const kiosk = await startKioskProcess(env);
  kiosks.push(kiosk);
  const client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
  clients.push(client);
  const call = async (channel: string, args: Record<string, unknown> = {}) =>
    client.call(channel, args) as Promise<{
      ok: boolean;
      value?: Record<string, unknown>;
      error?: { kind: string };
    }>;
  const login = async (pin: string) =>
    ((await call('service:login', { pin })).value as { token: string }).token;
  return { kiosk, call, login };
}

async function until<T>(probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('until: timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('service mode: the fiscal registrar', () => {
  it('shows the registrar, prints an X report, closes the shift and gets a new one', async () => {
    const { call, login } = await start({ KIOSK_FISCAL_TICK_MS: '300' });
    await until(async () => {
      const status = (await call('kiosk:getStatus')).value as { acceptingPayments: boolean };
      return status.acceptingPayments ? true : null;
    });
    const token = await login(demoPins.collector);
    const panel = (await call('fiscal:panel', { token })).value as {
      mode: string;
      state: string;
      registrar: { shift: string; shiftNumber: number; fn: { phase: string } };
    };
    expect(panel).toMatchObject({ mode: 'registrar', state: 'ok' });
    expect(panel.registrar).toMatchObject({ shift: 'open', fn: { phase: 'fiscal' } });
    expect((await call('fiscal:xReport', { token })).ok).toBe(true);
    const closed = await call('fiscal:closeShift', { token });
    expect(closed.ok).toBe(true);
    expect(closed.value?.shiftNumber).toBe(panel.registrar.shiftNumber);
    // A collector may not confirm another party (and this kiosk fiscalises itself anyway).
    const refused = await call('fiscal:confirmOtherParty', {
      token,
      confirmed: true,
      fiscalizedBy: 'x',
    });
    expect(refused.error?.kind).toBe('forbidden');
    await until(async () => {
      const next = (await call('fiscal:panel', { token })).value as typeof panel;
      return next.registrar?.shift === 'open' &&
        next.registrar.shiftNumber === panel.registrar.shiftNumber + 1
        ? true
        : null;
    });
    const audit = (await call('service:audit', { token: await login(demoPins.operator) }))
      .value as { entries: { action: string }[] };
    const actions = audit.entries.map((entry) => entry.action);
    expect(actions).toContain('fiscal:xReport');
    expect(actions).toContain('fiscal:closeShift');
  }, 60_000);

  it('KIOSK_FISCAL=none: no cash until an operator confirms the party central names', async () => {
    const { call, login } = await start({ KIOSK_FISCAL: 'none' });
    const reason = async () =>
      ((await call('kiosk:getStatus')).value as { unavailableReason: string | null })
        .unavailableReason;
    await until(async () => ((await reason()) === null ? true : null));
    const operator = await login(demoPins.operator);
    const panel = (await call('fiscal:panel', { token: operator })).value as {
      mode: string;
      otherParty: { fiscalizedBy: string; confirmed: { role: string } | null };
    };
    expect(panel.mode).toBe('other-party');
    // The demo setup confirmed it, as it sets the PINs.
    expect(panel.otherParty.confirmed?.role).toBe('demo-setup');
    const party = panel.otherParty.fiscalizedBy;
    const withdrawn = await call('fiscal:confirmOtherParty', {
      token: operator,
      confirmed: false,
      fiscalizedBy: party,
    });
    expect(withdrawn.ok).toBe(true);
    await call('service:logout', { token: operator });
    expect(await reason()).toBe('fiscal-not-confirmed');
    const recipient = {
      kind: 'inmate',
      inmateRef: 'idemo000000000001',
      maskedName: 'Иванов И. И.',
      birthYear: 1985,
      facilityId: '77-sizo-1',
      facilityName: 'СИЗО-1',
    };
    const start_ = await call('deposit:start', { recipient });
    expect(start_.error?.kind).toBe('fiscal-unavailable');

    const collector = await login(demoPins.collector);
    const byCollector = await call('fiscal:confirmOtherParty', {
      token: collector,
      confirmed: true,
      fiscalizedBy: party,
    });
    expect(byCollector.error?.kind).toBe('forbidden');
    expect((await call('fiscal:xReport', { token: collector })).error?.kind).toBe('not-fiscal');
    await call('service:logout', { token: collector });

    const again = await login(demoPins.operator);
    const stale = await call('fiscal:confirmOtherParty', {
      token: again,
      confirmed: true,
      fiscalizedBy: 'ООО «Кто-то другой»',
    });
    expect(stale.error?.kind).toBe('party-changed');
    const confirmed = await call('fiscal:confirmOtherParty', {
      token: again,
      confirmed: true,
      fiscalizedBy: party,
    });
    expect(confirmed.value?.otherParty).toMatchObject({ confirmed: { role: 'operator' } });
    const audit = (await call('service:audit', { token: again })).value as {
      entries: { action: string; detail: string }[];
    };
    const confirmations = audit.entries.filter((e) => e.action === 'fiscal:confirmOtherParty');
    expect(confirmations.length).toBe(3);
    await call('service:logout', { token: again });
    expect(await reason()).toBeNull();
  }, 60_000);
});

describe('KIOSK_PRINTER=fiscal', () => {
  it('prints non-fiscal documents (the service test page) on the registrar tape', async () => {
    const { kiosk, call, login } = await start({ KIOSK_PRINTER: 'fiscal' });
    const panel = await connectClient(wsUrlOf(kiosk.url, '/panel-ws'), kiosk.origin);
    clients.push(panel);
    const printer = await until(async () => {
      const status = (await call('kiosk:getStatus')).value as {
        devices: { printer: { adapter: string; health: string } };
      };
      return status.devices.printer.health === 'ok' ? status.devices.printer : null;
    });
    expect(printer.adapter).toBe('fiscal');
    const token = await login(demoPins.operator);
    expect((await call('device:testPrint', { token })).ok).toBe(true);
    const snapshot = (await panel.call('emulator:snapshot')).value as {
      printer: { receipts: unknown[] };
      fiscal: { tape: { text: string }[] };
    };
    expect(snapshot.fiscal.tape.some((piece) => piece.text.includes('ТЕСТ ПЕЧАТИ'))).toBe(true);
    expect(snapshot.printer.receipts).toEqual([]);
  }, 60_000);
});
