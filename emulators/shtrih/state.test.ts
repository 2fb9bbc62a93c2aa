import { describe, expect, it } from 'vitest';
import * as basic from '../../protocol/shtrih/commands.ts';
import { HOUR_MS, manualTime } from './clock.ts';
import { ShtrihEmulator } from './emulator.ts';
import { TestHost } from './test-host.ts';
import { agentReceiptMessages } from './test-receipt.ts';

const START_MS = Date.UTC(2026, 0, 15, 9, 0, 0);
const receipt = { principalKopecks: 20_000, feeKopecks: 600, cashKopecks: 20_600 };

describe('Shtrih emulator: saved state', () => {
  it('keeps documents, counters, the open receipt, the shift clock and the tape', async () => {
    const time = manualTime(START_MS);
    const before = new ShtrihEmulator({ time });
    const host = TestHost.attachedTo(before);
    await host.exchange(basic.openShift.encodeRequest({ password: 30 }));
    for (const message of agentReceiptMessages(receipt)) await host.exchange(message);
    const second = agentReceiptMessages(receipt);
    for (const message of second.slice(0, 3)) await host.exchange(message);
    before.setOfdLink('down');
    const saved = before.saveState();
    before.detach();

    const restored = ShtrihEmulator.fromSavedState(saved, { time });
    if (!restored.ok) throw new Error(restored.error.message);
    const after = restored.value;
    expect(after.documents()).toEqual(before.documents());
    expect(after.tape()).toEqual(before.tape());
    expect(after.status()).toMatchObject({
      mode: 0x08,
      shift: { open: true, number: 1, receiptCount: 1 },
      receipt: { items: 1 },
      ofd: { link: 'down' },
    });
    const again = TestHost.attachedTo(after);
    for (const message of second.slice(3)) await again.exchange(message);
    const last = after.documents().at(-1)!;
    expect(last).toMatchObject({ fdNumber: 3, receiptNumber: 2, totalKopecks: 20_600 });
    expect(last.ofdConfirmed).toBe(false);
    time.advance(24 * HOUR_MS);
    expect(after.status().mode).toBe(3);
  });

  it('refuses a damaged state file with a reason instead of starting blank', () => {
    const notJson = ShtrihEmulator.fromSavedState('{"version":');
    expect(notJson).toMatchObject({ ok: false, error: { kind: 'bad-json' } });
    const state = JSON.parse(new ShtrihEmulator().saveState()) as { fn: { number: string } };
    state.fn.number = '12';
    const badField = ShtrihEmulator.fromSavedState(JSON.stringify(state));
    expect(badField).toMatchObject({ ok: false, error: { kind: 'bad-state' } });
    if (!badField.ok) expect(badField.error.message).toContain('fn.number');
  });
});
