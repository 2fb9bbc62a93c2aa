import { describe, expect, it } from 'vitest';
import { openEscposPrinter } from './open-printer.ts';

describe('openEscposPrinter', () => {
  it('reports a missing device file as an open failure, not a throw', async () => {
    const spec = { kind: 'escpos-file', path: '/nonexistent/usb/lp9' } as const;
    expect(await openEscposPrinter(spec, { widthColumns: 42 })).toEqual({
      ok: false,
      error: { kind: 'open-failed', spec, message: '/nonexistent/usb/lp9: not-found' },
    });
  });

  it('reports a missing serial port as an open failure naming the path', async () => {
    const spec = { kind: 'escpos', path: '/nonexistent/ttyUSB9', baudRate: 19200 } as const;
    const result = await openEscposPrinter(spec, { widthColumns: 42 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'open-failed', spec } });
    expect(!result.ok && result.error.message).toContain('/nonexistent/ttyUSB9');
  });
});
