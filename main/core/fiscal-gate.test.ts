import { describe, expect, it } from 'vitest';
import type { FiscalCondition } from '../../common/fiscal-port.ts';
import { dayMs } from './fiscal-clock.ts';
import {
  type FiscalGateInput,
  type FiscalPolicy,
  fiscalGate,
  ofdUnsentDays,
  refusalTextKey,
} from './fiscal-gate.ts';

const policy: FiscalPolicy = {
  ofdUnsentDaysWarn: 1,
  ofdUnsentDaysBlock: 25,
  fnExpiryDaysWarn: 30,
  fnExpiryDaysBlock: 3,
  shiftLengthMs: dayMs,
  shiftMarginMs: 20 * 60_000,
  pendingAgeMsMax: 120_000,
};

const nowMs = Date.UTC(2026, 5, 10, 12, 0);

function healthy(): FiscalCondition {
  return {
    online: true,
    shift: 'open',
    shiftNumber: 7,
    documentOpen: false,
    printing: 'idle',
    paper: 'ok',
    coverOpen: false,
    fn: {
      number: '9999078900001234',
      phase: 'fiscal',
      lastFdNumber: 120,
      validUntil: '2027-06-10',
      warnings: {
        replaceUrgently: false,
        resourceLow: false,
        memoryNearFull: false,
        ofdTimeout: false,
        critical: false,
      },
    },
    ofd: { queueCount: 0, oldestQueuedAt: null },
    clock: '2026-06-10T15:00:00',
  };
}

type Tweak = (condition: FiscalCondition) => void;

function input(tweak: Tweak = () => {}, extra: Partial<FiscalGateInput> = {}): FiscalGateInput {
  const condition = healthy();
  tweak(condition);
  return {
    condition,
    shiftOpenedAtMs: nowMs - 3_600_000,
    nowMs,
    heldCount: 0,
    oldestPendingAtMs: null,
    ...extra,
  };
}

describe('fiscalGate: each refusal and its payer text', () => {
  const cases: Array<[string, FiscalGateInput, string, string]> = [
    ['no answer', { ...input(), condition: null }, 'offline', 'fiscal.out-of-service'],
    ['offline', input((c) => (c.online = false)), 'offline', 'fiscal.out-of-service'],
    [
      'ФН not fiscal',
      input((c) => (c.fn.phase = 'closed')),
      'fn-not-fiscal',
      'fiscal.out-of-service',
    ],
    ['ФН setup', input((c) => (c.fn.phase = 'setup')), 'fn-not-fiscal', 'fiscal.out-of-service'],
    [
      'ФН expired',
      input((c) => (c.fn.validUntil = '2026-06-09')),
      'fn-expired',
      'fiscal.out-of-service',
    ],
    [
      'ФН date unreadable',
      input((c) => (c.fn.validUntil = 'never')),
      'fn-expired',
      'fiscal.out-of-service',
    ],
    [
      'ФН critical',
      input((c) => (c.fn.warnings.critical = true)),
      'fn-critical',
      'fiscal.out-of-service',
    ],
    [
      'ФН 3 days left',
      input((c) => (c.fn.validUntil = '2026-06-13')),
      'fn-near-expiry',
      'fiscal.out-of-service',
    ],
    [
      'ФН replace urgently',
      input((c) => (c.fn.warnings.replaceUrgently = true)),
      'fn-near-expiry',
      'fiscal.out-of-service',
    ],
    [
      'document open',
      input((c) => (c.documentOpen = true)),
      'document-stuck',
      'fiscal.out-of-service',
    ],
    ['paper out', input((c) => (c.paper = 'out')), 'paper-out', 'fiscal.paper-out'],
    ['cover open', input((c) => (c.coverOpen = true)), 'cover-open', 'fiscal.out-of-service'],
    [
      'waiting for paper',
      input((c) => (c.printing = 'paper-out-waiting')),
      'printer-waiting',
      'fiscal.paper-out',
    ],
    [
      'waiting continue',
      input((c) => (c.printing = 'waiting-continue')),
      'printer-waiting',
      'fiscal.paper-out',
    ],
    [
      'OFD 25 days behind',
      input((c) => (c.ofd = { queueCount: 40, oldestQueuedAt: '2026-05-16T15:00' })),
      'ofd-queue-too-old',
      'fiscal.out-of-service',
    ],
    ['shift closed', input((c) => (c.shift = 'closed')), 'shift-not-ready', 'fiscal.shift-change'],
    [
      'shift expired',
      input((c) => (c.shift = 'expired')),
      'shift-not-ready',
      'fiscal.shift-change',
    ],
    [
      'shift age unknown',
      input(undefined, { shiftOpenedAtMs: null }),
      'shift-not-ready',
      'fiscal.shift-change',
    ],
    [
      'shift inside the margin',
      input(undefined, { shiftOpenedAtMs: nowMs - dayMs + 19 * 60_000 }),
      'shift-not-ready',
      'fiscal.shift-change',
    ],
    ['held receipts', input(undefined, { heldCount: 1 }), 'receipts-held', 'fiscal.out-of-service'],
    [
      'stuck queue',
      input(undefined, { oldestPendingAtMs: nowMs - 120_001 }),
      'receipts-stuck',
      'fiscal.out-of-service',
    ],
  ];
  for (const [name, gateInput, reason, textKey] of cases) {
    it(`${name} → ${reason}`, () => {
      const gate = fiscalGate(gateInput, policy);
      expect(gate).toMatchObject({ kind: 'refused', reason, textKey });
    });
  }

  it('every refusal kind has a payer text', () => {
    for (const key of Object.values(refusalTextKey)) expect(key).toMatch(/^fiscal\./);
  });
});

describe('fiscalGate: what still lets cash in', () => {
  it('a healthy registrar with a fresh shift', () => {
    expect(fiscalGate(input(), policy)).toEqual({ kind: 'ok', warnings: [] });
  });

  it('the shift just outside the margin', () => {
    const gate = fiscalGate(
      input(undefined, { shiftOpenedAtMs: nowMs - dayMs + 20 * 60_000 + 1 }),
      policy,
    );
    expect(gate.kind).toBe('ok');
  });

  it('a receipt pending for less than the limit', () => {
    const gate = fiscalGate(input(undefined, { oldestPendingAtMs: nowMs - 120_000 }), policy);
    expect(gate.kind).toBe('ok');
  });

  it('4 days before the ФН expires: ok with a warning', () => {
    const gate = fiscalGate(
      input((c) => (c.fn.validUntil = '2026-06-14')),
      policy,
    );
    expect(gate).toEqual({ kind: 'ok', warnings: ['fn-expiry-near'] });
  });

  it('OFD 24 days behind, resource low, memory, OFD timeout: ok with every warning', () => {
    const gate = fiscalGate(
      input((c) => {
        c.ofd = { queueCount: 3, oldestQueuedAt: '2026-05-17T15:00' };
        c.fn.warnings.resourceLow = true;
        c.fn.warnings.memoryNearFull = true;
        c.fn.warnings.ofdTimeout = true;
      }),
      policy,
    );
    expect(gate).toEqual({
      kind: 'ok',
      warnings: ['fn-resource-low', 'fn-memory-near-full', 'ofd-unsent', 'ofd-timeout'],
    });
  });

  it('the first refusal wins: offline before paper, ФН before paper', () => {
    const both = input((c) => {
      c.paper = 'out';
      c.fn.warnings.critical = true;
    });
    expect(fiscalGate(both, policy)).toMatchObject({ reason: 'fn-critical' });
  });
});

describe('ofdUnsentDays', () => {
  it('counts on the ККТ clock; an empty queue has no age', () => {
    const condition = healthy();
    expect(ofdUnsentDays(condition)).toBeNull();
    condition.ofd = { queueCount: 1, oldestQueuedAt: '2026-06-08T16:00' };
    expect(ofdUnsentDays(condition)).toBe(1);
    condition.ofd = { queueCount: 0, oldestQueuedAt: '2026-06-01T16:00' };
    expect(ofdUnsentDays(condition)).toBeNull();
  });
});
