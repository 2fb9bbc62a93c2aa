import { describe, expect, it } from 'vitest';
import { rubles } from '../../common/money.ts';
import {
  encodeBillTable,
  encodeBillWord,
  encodeIdentification,
  parseBillTable,
  parseIdentification,
  wordKopecks,
} from './bill-table.ts';
import { billTypeMask, billTypesFromMask, conditionFromPoll, rejectReason } from './codes.ts';
import { fromHex, toHex } from './frame.ts';

describe('conditionFromPoll', () => {
  it.each([
    [0x10, undefined, { kind: 'power-up', variant: 'plain' }],
    [0x11, undefined, { kind: 'power-up', variant: 'bill-in-validator' }],
    [0x12, undefined, { kind: 'power-up', variant: 'bill-in-stacker' }],
    [0x13, undefined, { kind: 'initializing' }],
    [0x14, undefined, { kind: 'idling' }],
    [0x15, undefined, { kind: 'accepting' }],
    [0x17, undefined, { kind: 'stacking' }],
    [0x18, undefined, { kind: 'returning' }],
    [0x19, undefined, { kind: 'disabled' }],
    [0x1a, undefined, { kind: 'holding' }],
    [0x1b, 0x0a, { kind: 'busy' }],
    [0x1c, 0x68, { kind: 'rejecting', reason: 'inhibit' }],
    [0x1c, 0x65, { kind: 'rejecting', reason: 'identification' }],
    [0x1c, 0x77, { kind: 'rejecting', reason: 'unknown' }],
    [0x41, undefined, { kind: 'cassette-full' }],
    [0x42, undefined, { kind: 'cassette-out' }],
    [0x43, undefined, { kind: 'jam', where: 'validator' }],
    [0x44, undefined, { kind: 'jam', where: 'cassette' }],
    [0x45, undefined, { kind: 'cheated' }],
    [0x46, undefined, { kind: 'paused' }],
    [0x47, 0x50, { kind: 'failure', code: 0x50, detail: 'stack motor failure' }],
    [0x47, 0xf4, { kind: 'failure', code: 0xf4, detail: 'generic failure 0xf4' }],
    [0x80, 0x04, { kind: 'escrow', billType: 4 }],
    [0x81, 0x04, { kind: 'stacking' }],
    [0x82, 0x04, { kind: 'returning' }],
    [0x99, undefined, { kind: 'unknown', code: 0x99 }],
    [0x80, undefined, { kind: 'unknown', code: 0x80 }],
  ] as const)('maps %s/%s', (z1, z2, condition) => {
    expect(conditionFromPoll(z1, z2)).toEqual(condition);
  });

  it('never throws, whatever the bytes', () => {
    for (let z1 = 0; z1 < 256; z1++) {
      for (const z2 of [undefined, 0, 0x68, 255]) {
        expect(conditionFromPoll(z1, z2).kind).toBeTypeOf('string');
      }
    }
  });

  it('maps every reject byte of the spec and unknown ones to "unknown"', () => {
    expect(rejectReason(0x60)).toBe('insertion');
    expect(rejectReason(0x6d)).toBe('uv');
    expect(rejectReason(0x95)).toBe('barcode');
    expect(rejectReason(0x6b)).toBe('unknown');
  });
});

describe('bill type masks', () => {
  it('puts type t in byte 2 − floor(t/8), bit t % 8', () => {
    expect(toHex(billTypeMask([0]))).toBe('00 00 01');
    expect(toHex(billTypeMask([2, 3, 4, 5, 6]))).toBe('00 00 7C');
    expect(toHex(billTypeMask([12, 13]))).toBe('00 30 00');
    expect(toHex(billTypeMask([23]))).toBe('80 00 00');
  });

  it('round-trips', () => {
    expect(billTypesFromMask(billTypeMask([2, 7, 12, 13, 23]))).toEqual([2, 7, 12, 13, 23]);
  });
});

describe('bill table', () => {
  it('reads both exponent forms', () => {
    expect(wordKopecks(1, 0x01)).toBe(rubles(10));
    expect(wordKopecks(5, 0x03)).toBe(rubles(5000));
    expect(wordKopecks(5, 0x00)).toBe(rubles(5));
    // bit 7 set: decimal point from the right — 50 / 10^2 = 0.50 ₽.
    expect(wordKopecks(50, 0x82)).toBe(50);
    expect(wordKopecks(5, 0x83)).toBeNull();
    expect(wordKopecks(0, 0x01)).toBeNull();
  });

  it('parses a device table with gaps, RUS and RUB, and skips other currencies', () => {
    const data = new Uint8Array(120);
    data.set(fromHex('01 52 55 53 01'), 2 * 5); // 10 RUS
    data.set(fromHex('05 52 55 53 03'), 7 * 5); // 5000 RUS
    data.set(fromHex('02 52 55 42 02'), 12 * 5); // 200 RUB
    data.set(fromHex('01 55 53 41 00'), 20 * 5); // 1 USA
    const parsed = parseBillTable(data);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.entries).toEqual([
      { billType: 2, currency: 'RUS', noteKopecks: rubles(10) },
      { billType: 7, currency: 'RUS', noteKopecks: rubles(5000) },
      { billType: 12, currency: 'RUB', noteKopecks: rubles(200) },
    ]);
    expect(parsed.value.skipped).toHaveLength(1);
  });

  it('refuses a table whose length is not 5×n', () => {
    const parsed = parseBillTable(new Uint8Array(7));
    expect(parsed.ok).toBe(false);
  });

  it('encodes what it parses (emulator side)', () => {
    const entries = [
      { billType: 3, currency: 'RUS', noteKopecks: rubles(50) },
      { billType: 13, currency: 'RUS', noteKopecks: rubles(2000) },
    ];
    const parsed = parseBillTable(encodeBillTable(entries));
    expect(parsed.ok && parsed.value.entries).toEqual(entries);
    expect(toHex(encodeBillWord('RUS', rubles(100)))).toBe('01 52 55 53 02');
  });

  it('reads identification', () => {
    const parsed = parseIdentification(encodeIdentification('SM-2072', '41K123456'));
    expect(parsed).toEqual({
      ok: true,
      value: { partNumber: 'SM-2072', serialNumber: '41K123456' },
    });
    expect(parseIdentification(new Uint8Array(3)).ok).toBe(false);
  });
});
