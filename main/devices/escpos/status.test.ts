import { describe, expect, it } from 'vitest';
import {
  classifyReplyByte,
  conditionError,
  parseCustomFullStatus,
  parseRealtimeStatus,
} from './status.ts';

/** Typical replies to DLE EOT 1..4 (docs/protocols/escpos.md §5). */
const replies = (printer: number, offlineCause: number, errorCause: number, paperSensor: number) =>
  parseRealtimeStatus({ printer, offlineCause, errorCause, paperSensor });

describe('parseRealtimeStatus', () => {
  it('reads a ready printer with paper', () => {
    expect(replies(0x12, 0x12, 0x12, 0x12)).toEqual({
      online: true,
      paper: 'ok',
      coverOpen: false,
      cutterError: false,
      error: null,
    });
  });

  it('reads near end as a printable warning', () => {
    const condition = replies(0x12, 0x12, 0x12, 0x1e);
    expect(condition.paper).toBe('near-end');
    expect(conditionError(condition)).toBeNull();
  });

  it('reads paper out with and without a near-end sensor', () => {
    for (const paperSensor of [0x7e, 0x72]) {
      const condition = replies(0x1a, 0x32, 0x12, paperSensor);
      expect(condition).toMatchObject({ online: false, paper: 'out' });
      expect(conditionError(condition)).toEqual({ kind: 'paper-out' });
    }
  });

  it('reads cover open', () => {
    const condition = replies(0x1a, 0x16, 0x12, 0x12);
    expect(condition).toMatchObject({ online: false, coverOpen: true, paper: 'ok' });
    expect(conditionError(condition)).toEqual({ kind: 'cover-open' });
  });

  it('reads a cutter jam', () => {
    const condition = replies(0x1a, 0x52, 0x1a, 0x12);
    expect(condition).toMatchObject({ cutterError: true });
    expect(conditionError(condition)).toEqual({ kind: 'cutter' });
  });

  it('reads unrecoverable and mechanical errors as offline', () => {
    expect(replies(0x1a, 0x52, 0x32, 0x12).error).toBe('unrecoverable error');
    const mechanical = replies(0x12, 0x12, 0x16, 0x12);
    expect(mechanical.error).toBe('mechanical error');
    expect(conditionError(mechanical)).toEqual({ kind: 'offline' });
  });
});

describe('classifyReplyByte', () => {
  it('tells real-time replies, ASB, GS r replies and flow control apart', () => {
    expect([0x12, 0x1a, 0x32, 0x7e, 0x72, 0x16, 0x52].map(classifyReplyByte)).toEqual(
      Array(7).fill('realtime'),
    );
    expect(classifyReplyByte(0x10)).toBe('asb-start');
    expect(classifyReplyByte(0x30)).toBe('asb-start');
    expect(classifyReplyByte(0x00)).toBe('plain-status');
    expect(classifyReplyByte(0x0f)).toBe('plain-status');
    expect(classifyReplyByte(0x11)).toBe('xon');
    expect(classifyReplyByte(0x13)).toBe('xoff');
    expect(classifyReplyByte(0x80)).toBe('unknown');
  });

  it('classifies every byte value as exactly one kind', () => {
    const kinds = new Set<string>();
    for (let byte = 0; byte < 256; byte += 1) kinds.add(classifyReplyByte(byte));
    expect(kinds).toEqual(
      new Set(['realtime', 'asb-start', 'plain-status', 'xon', 'xoff', 'unknown']),
    );
  });
});

describe('parseCustomFullStatus (DLE EOT 20)', () => {
  const frame = (paper: number, user: number, recoverable: number, fatal: number) =>
    parseCustomFullStatus(Uint8Array.from([0x10, 0x0f, paper, user, recoverable, fatal]));

  it('reads paper present, near end and out (also "virtual paper end")', () => {
    expect(frame(0, 0, 0, 0)).toEqual({
      online: true,
      paper: 'ok',
      coverOpen: false,
      cutterError: false,
      error: null,
    });
    expect(frame(0x04, 0, 0, 0)).toMatchObject({ online: true, paper: 'near-end' });
    expect(frame(0x05, 0, 0, 0)).toMatchObject({ online: false, paper: 'out' });
    expect(frame(0x40, 0, 0, 0)).toMatchObject({ paper: 'out' });
  });

  it('reads cover or head open, cutter error, paper jam and memory errors', () => {
    expect(frame(0, 0x02, 0, 0)).toMatchObject({ online: false, coverOpen: true });
    expect(frame(0, 0x01, 0, 0)).toMatchObject({ coverOpen: true });
    expect(frame(0, 0, 0, 0x01)).toMatchObject({ cutterError: true });
    expect(frame(0, 0, 0x40, 0)).toMatchObject({ cutterError: true });
    expect(frame(0, 0, 0, 0x04)).toMatchObject({ online: false, error: 'memory error' });
  });

  it('ignores informational bits (ticket in presenter, spooling, motor on)', () => {
    expect(frame(0x20, 0x0c, 0x00, 0x00)).toMatchObject({ online: true, paper: 'ok' });
  });
});
