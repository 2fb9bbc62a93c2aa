import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Command } from './codes.ts';
import {
  crc16Kermit,
  type DiscardReason,
  encodeCommand,
  encodeFrame,
  type Frame,
  FrameDecoder,
  fromHex,
  toHex,
} from './frame.ts';

/** docs/protocols/ccnet.md §4 */
const commandVectors: [string, number, string, string][] = [
  ['POLL', Command.poll, '', '02 03 06 33 DA 81'],
  ['RESET', Command.reset, '', '02 03 06 30 41 B3'],
  ['GET STATUS', Command.getStatus, '', '02 03 06 31 C8 A2'],
  ['STACK', Command.stack, '', '02 03 06 35 EC E4'],
  ['RETURN', Command.return, '', '02 03 06 36 77 D6'],
  ['HOLD', Command.hold, '', '02 03 06 38 09 3F'],
  ['IDENTIFICATION', Command.identification, '', '02 03 06 37 FE C7'],
  ['GET BILL TABLE', Command.getBillTable, '', '02 03 06 41 4F D1'],
  [
    'ENABLE all, escrow all',
    Command.enableBillTypes,
    'FF FF FF FF FF FF',
    '02 03 0C 34 FF FF FF FF FF FF FE F7',
  ],
  [
    'ENABLE all, no escrow',
    Command.enableBillTypes,
    'FF FF FF 00 00 00',
    '02 03 0C 34 FF FF FF 00 00 00 B5 C1',
  ],
  ['disable', Command.enableBillTypes, '00 00 00 00 00 00', '02 03 0C 34 00 00 00 00 00 00 17 0C'],
];

const responseVectors: [string, string, string][] = [
  ['ACK', '00', '02 03 06 00 C2 82'],
  ['NAK', 'FF', '02 03 06 FF BA 8D'],
  ['ILLEGAL COMMAND', '30', '02 03 06 30 41 B3'],
  ['Idling', '14', '02 03 06 14 67 D4'],
  ['Disabled', '19', '02 03 06 19 82 0F'],
  ['Initialize', '13', '02 03 06 13 D8 A0'],
  ['Escrow type 2', '80 02', '02 03 07 80 02 9E 10'],
  ['Stacked type 2', '81 02', '02 03 07 81 02 46 09'],
  ['Stacked type 3 (public capture)', '81 03', '02 03 07 81 03 CF 18'],
  ['Returned type 2', '82 02', '02 03 07 82 02 2E 23'],
  ['Rejecting inhibit', '1C 68', '02 03 07 1C 68 3F 6C'],
  ['Cassette out', '42', '02 03 06 42 D4 E3'],
  ['Busy 1.0 s', '1B 0A', '02 03 07 1B 0A 23 61'],
];

describe('crc16Kermit', () => {
  it('has the CRC-16/KERMIT check value 0x2189 over "123456789"', () => {
    expect(crc16Kermit(new TextEncoder().encode('123456789'))).toBe(0x2189);
  });
});

describe('encoder', () => {
  it.each(commandVectors)('encodes %s', (_name, command, data, frame) => {
    expect(toHex(encodeCommand(command, fromHex(data)))).toBe(frame);
  });

  it.each(responseVectors)('encodes response %s', (_name, payload, frame) => {
    expect(toHex(encodeFrame(fromHex(payload)))).toBe(frame);
  });

  it('switches to the long form (LNG=00 + 2-byte length) above 255 bytes', () => {
    const payload = new Uint8Array(300).fill(0x5a);
    const frame = encodeFrame(payload);
    expect(frame[2]).toBe(0);
    expect((frame[3]! << 8) | frame[4]!).toBe(frame.length);
    const decoded = new FrameDecoder().push(frame, 0);
    expect(decoded).toHaveLength(1);
    expect(decoded[0]!.payload).toEqual(payload);
  });
});

describe('FrameDecoder', () => {
  it.each(responseVectors)('decodes %s', (_name, payload, frame) => {
    const frames = new FrameDecoder().push(fromHex(frame), 0);
    expect(frames.map((decoded) => toHex(decoded.payload))).toEqual([payload]);
  });

  it('waits for the rest of a split frame', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(fromHex('02 03 07 81'), 0)).toEqual([]);
    expect(decoder.pendingByteCount).toBe(4);
    const frames = decoder.push(fromHex('02 46 09'), 1);
    expect(frames.map((frame) => toHex(frame.payload))).toEqual(['81 02']);
  });

  it('splits merged frames', () => {
    const stream = fromHex('02 03 06 14 67 D4 02 03 07 80 02 9E 10 02 03 06 19 82 0F');
    const frames = new FrameDecoder().push(stream, 0);
    expect(frames.map((frame) => toHex(frame.payload))).toEqual(['14', '80 02', '19']);
  });

  it('slides one byte on a bad CRC and finds the frame behind it', () => {
    const reasons: DiscardReason[] = [];
    const decoder = new FrameDecoder({ onDiscard: (reason) => reasons.push(reason) });
    // A corrupted Idling answer, then a good Stacked answer.
    const frames = decoder.push(fromHex('02 03 06 14 67 D5 02 03 07 81 02 46 09'), 0);
    expect(frames.map((frame) => toHex(frame.payload))).toEqual(['81 02']);
    expect(reasons).toContain('crc');
  });

  it('skips noise, including noise that contains SYNC bytes', () => {
    const frames = new FrameDecoder().push(fromHex('FF 00 02 02 99 02 03 02 03 06 14 67 D4'), 0);
    expect(frames.map((frame) => toHex(frame.payload))).toEqual(['14']);
  });

  it('treats frames for another address as noise', () => {
    const otherAddress = encodeFrame(Uint8Array.of(0x14), 0x01);
    expect(new FrameDecoder().push(otherAddress, 0)).toEqual([]);
  });

  it('refuses a long frame above the length guard without waiting for its bytes', () => {
    const decoder = new FrameDecoder({ frameBytesMax: 64 });
    const huge = encodeFrame(new Uint8Array(300));
    const frames = decoder.push(
      Uint8Array.of(...huge.subarray(0, 10), ...fromHex('02 03 06 14 67 D4')),
      0,
    );
    expect(frames.map((frame) => toHex(frame.payload))).toEqual(['14']);
  });

  it('does not choke on LNG=00: a long frame whose length follows the command', () => {
    // Command form: 02 03 00 CMD LEN_HI LEN_LO DATA CRC.
    const data = [0x50, 0xaa, 0xbb];
    const frameBytes = 3 + 1 + 2 + data.length - 1 + 2;
    const body = [
      0x02,
      0x03,
      0x00,
      data[0]!,
      frameBytes >>> 8,
      frameBytes & 0xff,
      ...data.slice(1),
    ];
    const crc = crc16Kermit(Uint8Array.from(body));
    const frame = Uint8Array.from([...body, crc & 0xff, crc >>> 8]);
    const frames = new FrameDecoder().push(frame, 0);
    expect(frames.map((decoded) => toHex(decoded.payload))).toEqual(['50 AA BB']);
  });

  it('drops a stale partial frame after the inter-frame timeout', () => {
    const decoder = new FrameDecoder({ interFrameTimeoutMs: 50 });
    expect(decoder.push(fromHex('02 03 07 81'), 0)).toEqual([]);
    // The tail arrives too late: it belongs to nothing, and the next frame still decodes.
    const frames = decoder.push(fromHex('02 46 09 02 03 06 14 67 D4'), 100);
    expect(frames.map((frame) => toHex(frame.payload))).toEqual(['14']);
    expect(decoder.pendingByteCount).toBe(0);
  });

  it('expire() recovers a frame hidden behind a false SYNC with a large LNG', () => {
    const decoder = new FrameDecoder({ interFrameTimeoutMs: 50 });
    // Noise `02 03 F0` claims a 240-byte frame; a real Idling answer follows.
    expect(decoder.push(fromHex('02 03 F0 02 03 06 14 67 D4'), 0)).toEqual([]);
    expect(decoder.expire(10)).toEqual([]);
    const frames = decoder.expire(60);
    expect(frames.map((frame) => toHex(frame.payload))).toEqual(['14']);
    expect(decoder.pendingByteCount).toBe(0);
  });
});

// ---------------------------------------------------------------- properties

const pollPayloads = fc.oneof(
  fc
    .constantFrom(0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x17, 0x18, 0x19, 0x1a, 0x41, 0x42)
    .map((z1) => [z1]),
  fc.tuple(fc.constantFrom(0x80, 0x81, 0x82, 0x1c, 0x47, 0x1b), fc.integer({ min: 0, max: 255 })),
  fc.uint8Array({ minLength: 1, maxLength: 130 }).map((bytes) => Array.from(bytes)),
);

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

function decodeAll(chunks: Uint8Array[]): string[] {
  const decoder = new FrameDecoder();
  const frames: Frame[] = [];
  for (const chunk of chunks) frames.push(...decoder.push(chunk, 0));
  return frames.map((frame) => toHex(frame.payload));
}

describe('FrameDecoder properties', () => {
  it('any chunking of a reply stream yields the same frames', () => {
    fc.assert(
      fc.property(
        fc.array(pollPayloads, { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat()),
        (payloads, cuts) => {
          const frames = payloads.map((payload) => encodeFrame(Uint8Array.from(payload)));
          const stream = Uint8Array.from(frames.flatMap((frame) => Array.from(frame)));
          const expected = payloads.map((payload) => toHex(Uint8Array.from(payload)));
          expect(decodeAll(chunked(stream, cuts))).toEqual(expected);
        },
      ),
    );
  });

  it('garbage between frames is skipped (frames that follow a garbage run are all found)', () => {
    // Garbage without SYNC can never start a frame; garbage with SYNC is covered by expire().
    const garbage = fc
      .uint8Array({ maxLength: 12 })
      .map((bytes) => bytes.map((byte) => (byte === 2 ? 0xfe : byte)));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(garbage, pollPayloads), { minLength: 1, maxLength: 15 }),
        fc.array(fc.nat()),
        (pieces, cuts) => {
          const bytes: number[] = [];
          for (const [noise, payload] of pieces) {
            bytes.push(...noise, ...encodeFrame(Uint8Array.from(payload)));
          }
          const expected = pieces.map(([, payload]) => toHex(Uint8Array.from(payload)));
          expect(decodeAll(chunked(Uint8Array.from(bytes), cuts))).toEqual(expected);
        },
      ),
    );
  });

  it('arbitrary garbage (SYNC included) never loses a frame that follows a quiet gap', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), pollPayloads, (noise, payload) => {
        const decoder = new FrameDecoder({ interFrameTimeoutMs: 50 });
        const early = decoder.push(noise, 0);
        const frame = encodeFrame(Uint8Array.from(payload));
        const late = decoder.push(frame, 1_000);
        const found = [...early, ...late].map((decoded) => toHex(decoded.payload));
        expect(found.at(-1)).toBe(toHex(Uint8Array.from(payload)));
      }),
    );
  });
});
