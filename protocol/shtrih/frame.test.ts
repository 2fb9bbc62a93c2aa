import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACK,
  ENQ,
  encodeFrame,
  type FrameEvent,
  FrameStreamDecoder,
  fromHex,
  lrc,
  NAK,
  STX,
  toHex,
} from './frame.ts';

describe('encodeFrame', () => {
  it('frames a short status request with password 30 (docs/protocols/shtrih.md §2)', () => {
    expect(toHex(encodeFrame(fromHex('10 1E 00 00 00')))).toBe('02 05 10 1E 00 00 00 0B');
  });

  it('frames an FF0C request carrying TLV 1057 = 04', () => {
    const message = fromHex('FF 0C 1E 00 00 00 21 04 01 00 04');
    expect(toHex(encodeFrame(message))).toBe('02 0B FF 0C 1E 00 00 00 21 04 01 00 04 C6');
  });

  it('computes the LRC as the XOR of LEN and the message', () => {
    expect(lrc(fromHex('05 10 1E 00 00 00'))).toBe(0x0b);
  });

  it('refuses an empty message and one longer than 255 bytes', () => {
    expect(() => encodeFrame(new Uint8Array(0))).toThrow();
    expect(() => encodeFrame(new Uint8Array(256))).toThrow();
    expect(encodeFrame(new Uint8Array(255))[1]).toBe(255);
  });
});

function frames(events: FrameEvent[]): string[] {
  return events.flatMap((event) => (event.kind === 'frame' ? [toHex(event.message)] : []));
}

describe('FrameStreamDecoder', () => {
  it('reports control bytes between frames', () => {
    const events = new FrameStreamDecoder().push(Uint8Array.of(ENQ, ACK, NAK));
    expect(events).toEqual([
      { kind: 'control', byte: ENQ },
      { kind: 'control', byte: ACK },
      { kind: 'control', byte: NAK },
    ]);
  });

  it('treats 05/06/15 inside a frame as data', () => {
    const frame = encodeFrame(Uint8Array.of(0x10, ENQ, ACK, NAK, STX));
    const events = new FrameStreamDecoder().push(frame);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'frame', lrcOk: true });
    expect(frames(events)).toEqual(['10 05 06 15 02']);
  });

  it('gives the LRC verdict of a corrupted frame', () => {
    const frame = encodeFrame(fromHex('10 1E 00 00 00'));
    frame[frame.length - 1] ^= 0x40;
    const events = new FrameStreamDecoder().push(frame);
    expect(events).toMatchObject([{ kind: 'frame', lrcOk: false }]);
  });

  it('skips garbage before STX and reports it', () => {
    const events = new FrameStreamDecoder().push(fromHex('FF 00 7A 02 03 10 00 01 12'));
    expect(events[0]).toEqual({ kind: 'garbage', bytes: fromHex('FF 00 7A') });
    expect(events[1]).toMatchObject({ kind: 'frame', lrcOk: true });
    expect(frames(events)).toEqual(['10 00 01']);
  });

  it('resynchronises after STX with LEN 0', () => {
    const events = new FrameStreamDecoder().push(fromHex('02 00 02 03 10 00 01 12'));
    expect(events[0]).toEqual({ kind: 'garbage', bytes: fromHex('02 00') });
    expect(frames(events)).toEqual(['10 00 01']);
  });

  it('waits across chunks and abandons a partial frame on request', () => {
    const decoder = new FrameStreamDecoder();
    expect(decoder.push(fromHex('02 03 10'))).toEqual([]);
    expect(decoder.inFrame).toBe(true);
    expect(decoder.abandon()).toEqual([{ kind: 'garbage', bytes: fromHex('02 03 10') }]);
    expect(decoder.inFrame).toBe(false);
    expect(frames(decoder.push(fromHex('02 03 10 00 01 12')))).toEqual(['10 00 01']);
  });
});

// ---------------------------------------------------------------- properties

type Piece = { kind: 'frame'; message: number[] } | { kind: 'control'; byte: number };

const message = fc.uint8Array({ minLength: 1, maxLength: 255 }).map((bytes) => Array.from(bytes));
const piece: fc.Arbitrary<Piece> = fc.oneof(
  message.map((bytes) => ({ kind: 'frame' as const, message: bytes })),
  fc.constantFrom(ENQ, ACK, NAK).map((byte) => ({ kind: 'control' as const, byte })),
);
/** Noise that is neither STX nor a control byte: it can only be skipped. */
const noise = fc
  .uint8Array({ maxLength: 8 })
  .map((bytes) => Array.from(bytes).filter((byte) => ![STX, ENQ, ACK, NAK].includes(byte)));

function chunked(stream: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, stream.length]) {
    chunks.push(stream.subarray(start, point));
    start = point;
  }
  return chunks;
}

function describeEvents(events: FrameEvent[]): { signal: string[]; garbage: number[] } {
  const signal: string[] = [];
  const garbage: number[] = [];
  for (const event of events) {
    if (event.kind === 'frame') signal.push(`F${event.lrcOk ? '' : '!'} ${toHex(event.message)}`);
    if (event.kind === 'control') signal.push(`C ${event.byte}`);
    if (event.kind === 'garbage') garbage.push(...event.bytes);
  }
  return { signal, garbage };
}

describe('FrameStreamDecoder properties', () => {
  it('any chunking of a stream with noise between pieces decodes to the same events', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(noise, piece), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat()),
        (pieces, cuts) => {
          const bytes: number[] = [];
          const expected: string[] = [];
          const expectedGarbage: number[] = [];
          for (const [junk, item] of pieces) {
            bytes.push(...junk);
            expectedGarbage.push(...junk);
            if (item.kind === 'control') {
              bytes.push(item.byte);
              expected.push(`C ${item.byte}`);
            } else {
              bytes.push(...encodeFrame(Uint8Array.from(item.message)));
              expected.push(`F ${toHex(Uint8Array.from(item.message))}`);
            }
          }
          const decoder = new FrameStreamDecoder();
          const events = chunked(Uint8Array.from(bytes), cuts).flatMap((chunk) =>
            decoder.push(chunk),
          );
          const seen = describeEvents(events);
          expect(seen.signal).toEqual(expected);
          expect(seen.garbage).toEqual(expectedGarbage);
          expect(decoder.inFrame).toBe(false);
        },
      ),
    );
  });

  it('after a partial frame is abandoned, the next frame always decodes', () => {
    fc.assert(
      fc.property(message, fc.nat(), message, (first, cutAt, second) => {
        const broken = encodeFrame(Uint8Array.from(first));
        const partial = broken.subarray(0, 1 + (cutAt % (broken.length - 1)));
        const decoder = new FrameStreamDecoder();
        decoder.push(partial);
        decoder.abandon();
        const events = decoder.push(encodeFrame(Uint8Array.from(second)));
        expect(frames(events)).toEqual([toHex(Uint8Array.from(second))]);
      }),
    );
  });
});
