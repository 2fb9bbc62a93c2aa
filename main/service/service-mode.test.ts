import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isValidInn, serviceCommands } from '../../common/contract.ts';
import { receiptText } from '../core/receipt-layout.ts';
import {
  createHarness,
  depositAndCommit,
  type Harness,
  login,
  setUpTemplate,
} from '../../tests/support/service-harness.ts';

let harness: Harness;
let template: Awaited<ReturnType<typeof setUpTemplate>>;
beforeAll(async () => {
  template = await setUpTemplate();
});
afterAll(() => template.remove());
beforeEach(() => {
  harness = createHarness();
});
afterEach(() => harness.close());

/** Starts the test from a kiosk the wizard has set up (operator 1234, collector 5678). */
function startFromSetUpKiosk(): void {
  harness.close();
  harness = createHarness({ fromLedgerFile: template.file });
}

/** Double-size text prints with spaces between letters. */
const spaced = (word: string) => new RegExp([...word].join(' ?'));
const auditActions = () => harness.ledger.audit.list(200).map((entry) => entry.action);

describe('entry', () => {
  it('a payer without a PIN reaches no service command', async () => {
    startFromSetUpKiosk();
    const guessed = 'a'.repeat(64);
    const open = new Set(['service:entry', 'service:login', 'setup:begin']);
    for (const channel of Object.keys(serviceCommands) as (keyof typeof serviceCommands)[]) {
      if (open.has(channel)) continue;
      const result = await harness.call(channel, { token: guessed } as never);
      expect(result.ok, channel).toBe(false);
      if (!result.ok)
        expect(['not-signed-in', 'bad-request'], channel).toContain(result.error.kind);
    }
    expect((await harness.call('setup:begin', {})).ok).toBe(false);
  });

  it('never opens while a deposit holds cash', async () => {
    startFromSetUpKiosk();
    harness.flags.holdsCash = true;
    const entry = await harness.call('service:entry', {});
    expect(entry.ok && entry.value.available).toBe(false);
    const refused = await harness.call('service:login', { pin: '1234' });
    expect(!refused.ok && refused.error.kind).toBe('deposit-active');
    harness.flags.holdsCash = false;
    expect((await harness.call('service:login', { pin: '1234' })).ok).toBe(true);
    expect(harness.mode.isActive()).toBe(true);
  });

  it('times out after the idle period and tells the screen', async () => {
    startFromSetUpKiosk();
    const token = await login(harness, '1234');
    harness.clock.nowMs += 170_000;
    expect((await harness.call('service:touch', { token })).ok).toBe(true);
    harness.clock.nowMs += 179_000;
    expect((await harness.call('diag:snapshot', { token })).ok).toBe(true);
    harness.clock.nowMs += 181_000;
    const late = await harness.call('diag:snapshot', { token });
    expect(!late.ok && late.error.kind).toBe('session-expired');
    expect(harness.ended).toEqual(['timeout']);
    expect(harness.mode.isActive()).toBe(false);
    expect(auditActions()).toContain('service:timeout');
  });

  it('a screen that polls does not keep service mode open; only touches do', async () => {
    startFromSetUpKiosk();
    const token = await login(harness, '1234');
    harness.clock.nowMs += 100_000;
    expect((await harness.call('diag:snapshot', { token })).ok).toBe(true);
    harness.clock.nowMs += 100_000;
    const polled = await harness.call('diag:snapshot', { token });
    expect(!polled.ok && polled.error.kind).toBe('session-expired');
  });

  it('locks the pad after wrong PINs, and every try is audited without the PIN', async () => {
    startFromSetUpKiosk();
    const kinds: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const result = await harness.call('service:login', { pin: '9753' });
      if (!result.ok) kinds.push(result.error.kind);
    }
    expect(kinds).toEqual(['wrong-pin', 'wrong-pin', 'locked', 'locked']);
    const entry = await harness.call('service:entry', {});
    expect(entry.ok && entry.value.lockedUntilMs).toBeGreaterThan(harness.clock.nowMs);
    const entries = harness.ledger.audit.list(200);
    expect(entries.filter((entry) => entry.action === 'service:wrong-pin')).toHaveLength(3);
    expect(JSON.stringify(entries)).not.toContain('9753');
    expect(JSON.stringify(entries)).not.toMatch(/"(1234|5678)"/);
  });
});

describe('roles', () => {
  it('the collector may collect and nothing else', async () => {
    startFromSetUpKiosk();
    const token = await login(harness, '5678');
    expect((await harness.call('collection:preview', { token })).ok).toBe(true);
    for (const channel of ['settings:get', 'diag:snapshot', 'outbox:parked'] as const) {
      const result = await harness.call(channel, { token });
      expect(!result.ok && result.error.kind, channel).toBe('forbidden');
    }
    const reprint = await harness.call('journal:reprint', { token, transferId: 'x' });
    expect(!reprint.ok && reprint.error.kind).toBe('forbidden');
    expect(auditActions()).toContain('service:denied');
  });

  it('the operator may change PINs, but not to the other role’s PIN', async () => {
    startFromSetUpKiosk();
    const token = await login(harness, '1234');
    const same = await harness.call('service:setPin', { token, role: 'collector', pin: '1234' });
    expect(!same.ok && same.error.kind).toBe('same-pins');
    expect(
      (await harness.call('service:setPin', { token, role: 'collector', pin: '9090' })).ok,
    ).toBe(true);
    expect((await harness.call('service:login', { pin: '5678' })).ok).toBe(false);
    expect((await harness.call('service:login', { pin: '9090' })).ok).toBe(true);
  });
});

describe('first-start wizard', () => {
  it('refuses to finish with steps missing, validates the INN, then ends its session', async () => {
    const begun = await harness.call('setup:begin', {});
    expect(begun.ok).toBe(true);
    if (!begun.ok) return;
    const { token } = begun.value;
    const early = await harness.call('setup:finish', {
      token,
      operatorPin: '1234',
      collectorPin: '5678',
    });
    expect(!early.ok && early.error.kind).toBe('incomplete');
    const badEnrol = await harness.call('setup:enrol', { token, terminalId: 'T-1', code: 'NOPE' });
    expect(!badEnrol.ok && badEnrol.error.kind).toBe('enrol-failed');
    const badInn = await harness.call('setup:saveAgent', {
      token,
      agent: {
        name: 'ООО Тест',
        address: 'г. Москва, 1',
        inn: '7707083890',
        terminalAddress: 'СИЗО-1',
      },
    });
    expect(!badInn.ok && badInn.error.kind).toBe('bad-request');
    const printed = await harness.call('device:testPrint', { token });
    expect(printed.ok).toBe(true);
    expect(receiptText(harness.printed[0]!)).toContain('ТЕСТ ПЕЧАТИ');
    startFromSetUpKiosk();
    const state = harness.ledger.settings.keys();
    expect(state).toEqual(
      expect.arrayContaining(['setup.agent', 'setup.completed', 'service.pins']),
    );
    expect(harness.mode.isActive()).toBe(false);
    expect(harness.mode.isSetUp()).toBe(true);
  });

  it('checks ИНН checksums for companies and entrepreneurs', () => {
    expect(isValidInn('7707083893')).toBe(true);
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidInn('500100732259')).toBe(true);
    expect(isValidInn('500100732258')).toBe(false);
    expect(isValidInn('77070838')).toBe(false);
  });
});

describe('settings', () => {
  it('validates, stores, applies and audits a change with what changed', async () => {
    startFromSetUpKiosk();
    const token = await login(harness, '1234');
    const got = await harness.call('settings:get', { token });
    if (!got.ok) throw new Error('settings:get');
    const applied: number[] = [];
    harness.deps.applySettings = (settings) => {
      applied.push(settings.depositKopecksMax);
      return { restartRequired: ['printer'] };
    };
    const next = { ...got.value.settings, depositKopecksMax: 1_000_000 };
    const set = await harness.call('settings:set', { token, settings: next });
    expect(set.ok && set.value.restartRequired).toEqual(['printer']);
    expect(applied).toEqual([1_000_000]);
    const again = await harness.call('settings:get', { token });
    expect(again.ok && again.value.settings.depositKopecksMax).toBe(1_000_000);
    const changed = harness.ledger.audit
      .list(50)
      .find((entry) => entry.action === 'settings:changed');
    expect(changed?.detail).toMatchObject({
      changes: [{ field: 'depositKopecksMax', from: 1_500_000, to: 1_000_000 }],
    });
  });

  it('refuses settings that do not hold together', async () => {
    startFromSetUpKiosk();
    const token = await login(harness, '1234');
    const got = await harness.call('settings:get', { token });
    if (!got.ok) throw new Error('settings:get');
    const base = got.value.settings;
    const bad = [
      { ...base, defaultLanguage: 'ky' as const, languages: ['ru' as const] },
      { ...base, commissionBasisPoints: 2.5 },
      { ...base, acceptedNotes: base.acceptedNotes.map((note) => ({ ...note, enabled: false })) },
      { ...base, depositKopecksMax: 100_000_000 },
      { ...base, centralUrl: 'ftp://x' },
    ];
    for (const settings of bad) {
      const result = await harness.call('settings:set', { token, settings });
      expect(result.ok).toBe(false);
    }
    const after = await harness.call('settings:get', { token });
    expect(after.ok && after.value.updatedAtMs).toBeNull();
  });
});

describe('collection', () => {
  it('shows what is in the cassette, records a mismatch only with a comment, starts anew', async () => {
    startFromSetUpKiosk();
    depositAndCommit(harness.ledger, [100_000, 100_000, 50_000], harness.clock.nowMs);
    const token = await login(harness, '5678');
    const preview = await harness.call('collection:preview', { token });
    expect(preview.ok && preview.value).toMatchObject({ count: 3, totalKopecks: 250_000 });
    const counted = [
      { noteKopecks: 100_000, count: 2 },
      { noteKopecks: 50_000, count: 0 },
    ];
    const silent = await harness.call('collection:confirm', {
      token,
      cassetteRemoved: true,
      counted,
    });
    expect(!silent.ok && silent.error.kind).toBe('comment-required');
    harness.clock.nowMs += 1_000;
    const done = await harness.call('collection:confirm', {
      token,
      cassetteRemoved: true,
      counted,
      comment: 'Одна купюра 500 не найдена',
    });
    if (!done.ok) throw new Error(done.error.message);
    expect(done.value).toMatchObject({
      expectedKopecks: 250_000,
      countedKopecks: 200_000,
      mismatch: true,
      printed: true,
      queued: true,
    });
    const paper = receiptText(harness.printed.at(-1)!);
    expect(paper).toMatch(spaced('ИНКАССАЦИЯ'));
    expect(paper).toContain('РАСХОЖДЕНИЕ');
    expect(paper).toContain('Одна купюра 500 не найдена');
    expect(harness.sentReports[0]).toMatchObject({ terminalId: 'T-0001', mismatch: true });
    expect(harness.sentReports[0]?.reportId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    const audited = harness.ledger.audit.list(50).find((e) => e.action === 'collection:recorded');
    expect(audited?.actor).toBe('service:collector');
    expect(audited?.detail).toMatchObject({ expectedKopecks: 250_000, countedKopecks: 200_000 });
    const after = await harness.call('collection:preview', { token });
    expect(after.ok && after.value).toMatchObject({ count: 0, totalKopecks: 0 });
  });

  it('a matching collection needs no count; a printer fault does not undo it', async () => {
    startFromSetUpKiosk();
    depositAndCommit(harness.ledger, [500_000], harness.clock.nowMs);
    const token = await login(harness, '1234');
    harness.flags.printerFails = true;
    const done = await harness.call('collection:confirm', {
      token,
      cassetteRemoved: true,
      counted: null,
    });
    expect(done.ok && done.value).toMatchObject({ mismatch: false, printed: false, queued: true });
    expect(done.ok && done.value.reportText).toContain('Расхождений нет');
    const after = await harness.call('collection:preview', { token });
    expect(after.ok && after.value.totalKopecks).toBe(0);
  });
});

describe('journal', () => {
  it('finds a transfer by id prefix and amount, and reprints it marked КОПИЯ', async () => {
    startFromSetUpKiosk();
    const first = depositAndCommit(harness.ledger, [100_000], harness.clock.nowMs - 60_000);
    depositAndCommit(harness.ledger, [50_000], harness.clock.nowMs);
    const token = await login(harness, '1234');
    const byAmount = await harness.call('journal:search', { token, acceptedKopecks: 100_000 });
    expect(byAmount.ok && byAmount.value.transfers.map((row) => row.transferId)).toEqual([first]);
    const byId = await harness.call('journal:search', { token, idPrefix: first.slice(0, 13) });
    expect(byId.ok && byId.value.total).toBeGreaterThanOrEqual(1);
    const reprinted = await harness.call('journal:reprint', { token, transferId: first });
    expect(reprinted.ok).toBe(true);
    const paper = receiptText(harness.printed.at(-1)!);
    expect(paper).toMatch(spaced('КОПИЯ'));
    expect(paper).toContain(first);
    expect(paper).toContain('7707083893');
    const missing = await harness.call('journal:reprint', { token, transferId: 'nope' });
    expect(!missing.ok && missing.error.kind).toBe('not-found');
  });
});
