import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './frame.ts';
import {
  ByteReader,
  ByteWriter,
  formatDateTime,
  MalformedPayload,
  readUintLe,
  writeUintLe,
} from './numbers.ts';
import { decodeWin1251, encodeWin1251, encodeWin1251Fixed, isWin1251 } from './text.ts';
import {
  AgentSign,
  byteTlv,
  decodeTlvs,
  decodeTlvTree,
  encodeTlv,
  stlv,
  stringTlv,
  Tag,
  vlnTlv,
} from './tlv.ts';

describe('little-endian integers', () => {
  it('writes money as 5 bytes, low byte first', () => {
    expect(toHex(writeUintLe(10_000, 5))).toBe('10 27 00 00 00');
    expect(toHex(writeUintLe(0xff_ffff_ffff, 5))).toBe('FF FF FF FF FF');
  });

  it('round-trips every size from 1 to 6 bytes', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((size) =>
            fc.tuple(fc.constant(size), fc.integer({ min: 0, max: 256 ** size - 1 })),
          ),
        ([size, value]) => {
          expect(readUintLe(writeUintLe(value, size), 0, size)).toBe(value);
        },
      ),
    );
  });

  it('refuses a value that does not fit and a read past the end', () => {
    expect(() => writeUintLe(256, 1)).toThrow();
    expect(() => writeUintLe(-1, 2)).toThrow();
    expect(() => readUintLe(fromHex('01 02'), 1, 2)).toThrow(MalformedPayload);
  });
});

describe('dates and times', () => {
  it('encodes DATE_TIME 20.07.2015 18:33 as 0F 07 14 12 21', () => {
    const value = { year: 2015, month: 7, day: 20, hour: 18, minute: 33 };
    const bytes = new ByteWriter().dateTime(value).finish();
    expect(toHex(bytes)).toBe('0F 07 14 12 21');
    expect(new ByteReader(bytes).dateTime()).toEqual(value);
    expect(formatDateTime(value)).toBe('2015-07-20T18:33');
  });

  it('reads five zero bytes as no date', () => {
    expect(new ByteReader(new Uint8Array(5)).dateTime()).toBeNull();
  });

  it('puts the day first in the 1xh date and the year first in the ФН date', () => {
    const date = { year: 2026, month: 12, day: 7 };
    expect(toHex(new ByteWriter().dateDmy(date).finish())).toBe('07 0C 1A');
    expect(toHex(new ByteWriter().dateYmd(date).finish())).toBe('1A 0C 07');
    expect(new ByteReader(fromHex('07 0C 1A')).dateDmy()).toEqual(date);
    const time = { hour: 23, minute: 5, second: 59 };
    expect(toHex(new ByteWriter().time(time).finish())).toBe('17 05 3B');
  });

  it('refuses impossible dates and times from the wire', () => {
    expect(() => new ByteReader(fromHex('1E 02 1A')).dateDmy()).toThrow(MalformedPayload);
    expect(() => new ByteReader(fromHex('1A 0D 01 00 00')).dateTime()).toThrow(MalformedPayload);
    expect(() => new ByteReader(fromHex('18 00 00')).time()).toThrow(MalformedPayload);
  });
});

describe('WIN1251', () => {
  it('encodes Cyrillic, Ё/ё, № and guillemets', () => {
    expect(toHex(encodeWin1251('АЯая Ёё№«»'))).toBe('C0 DF E0 FF 20 A8 B8 B9 AB BB');
  });

  it('matches the platform decoder on every byte it assigns', () => {
    const platform = new TextDecoder('windows-1251');
    for (let byte = 0x20; byte <= 0xff; byte++) {
      if (byte === 0x7f || byte === 0x98) continue;
      const text = decodeWin1251(Uint8Array.of(byte));
      expect(text).toBe(platform.decode(Uint8Array.of(byte)));
      expect(Array.from(encodeWin1251(text))).toEqual([byte]);
    }
  });

  it('replaces what the code page lacks and never emits control bytes', () => {
    expect(toHex(encodeWin1251('a\u0001b€😀'))).toBe('61 20 62 88 3F');
    expect(isWin1251('Привет')).toBe(true);
    expect(isWin1251('😀')).toBe(false);
  });

  it('pads a fixed field with zeros and stops decoding at the first zero', () => {
    const field = encodeWin1251Fixed('ИТОГ', 8);
    expect(toHex(field)).toBe('C8 D2 CE C3 00 00 00 00');
    expect(decodeWin1251(field)).toBe('ИТОГ');
    expect(encodeWin1251Fixed('x'.repeat(50), 40)).toHaveLength(40);
  });
});

describe('TLV', () => {
  it('encodes 1057 = ПЛ. АГЕНТ as 21 04 01 00 04', () => {
    expect(toHex(byteTlv(Tag.agentSign, AgentSign.paymentAgent))).toBe('21 04 01 00 04');
  });

  it('encodes strings in CP866', () => {
    expect(toHex(stringTlv(Tag.supplierName, 'ООО'))).toBe('C9 04 03 00 8E 8E 8E');
    expect(toHex(stringTlv(Tag.agentPhone, '+79990001122'))).toBe(
      '31 04 0C 00 2B 37 39 39 39 30 30 30 31 31 32 32',
    );
  });

  it('nests 1225 and 1171 inside the 1224 STLV', () => {
    const supplier = stlv(Tag.supplierData, [
      stringTlv(Tag.supplierName, 'АО'),
      stringTlv(Tag.supplierPhone, '+7'),
    ]);
    expect(toHex(supplier)).toBe('C8 04 0C 00 C9 04 02 00 80 8E 93 04 02 00 2B 37');
    const tree = decodeTlvTree(supplier);
    expect(tree).toEqual({
      ok: true,
      value: [
        {
          tag: 1224,
          kind: 'stlv',
          children: [
            { tag: 1225, kind: 'string', text: 'АО' },
            { tag: 1171, kind: 'string', text: '+7' },
          ],
        },
      ],
    });
  });

  it('writes VLN in the fewest bytes', () => {
    expect(toHex(vlnTlv(1020, 0))).toBe('FC 03 01 00 00');
    expect(toHex(vlnTlv(1020, 10_000))).toBe('FC 03 02 00 10 27');
  });

  it('reports a truncated or overlong TLV as a value, not a throw', () => {
    expect(decodeTlvs(fromHex('21 04 01'))).toMatchObject({ ok: false });
    expect(decodeTlvs(fromHex('21 04 05 00 04'))).toMatchObject({ ok: false });
    expect(decodeTlvTree(fromHex('21 04 02 00 04 04'))).toMatchObject({ ok: false });
  });

  it('round-trips any run of TLVs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 40 }))),
        (items) => {
          const bytes = items.flatMap(([tag, value]) => Array.from(encodeTlv(tag, value)));
          const decoded = decodeTlvs(Uint8Array.from(bytes));
          expect(decoded).toEqual({
            ok: true,
            value: items.map(([tag, value]) => ({ tag, value })),
          });
        },
      ),
    );
  });
});
