import { describe, expect, it } from 'vitest';
import type { PrinterCondition } from '../../common/ports.ts';
import { err, ok } from '../../common/result.ts';
import { decidePrinterGate, decidePrinterGateFromStatus } from './printer-gate.ts';

const ready: PrinterCondition = {
  online: true,
  paper: 'ok',
  coverOpen: false,
  cutterError: false,
  error: null,
};

describe('decidePrinterGate', () => {
  it('lets cash in when the printer can print, flagging near end', () => {
    expect(decidePrinterGate(ready, false)).toEqual({ kind: 'ok', paperNearEnd: false });
    expect(decidePrinterGate({ ...ready, paper: 'near-end' }, false)).toEqual({
      kind: 'ok',
      paperNearEnd: true,
    });
  });

  it('blocks, or warns when the operator allows cash without a receipt', () => {
    const cases: Array<[PrinterCondition, string]> = [
      [{ ...ready, paper: 'out', online: false }, 'paper-out'],
      [{ ...ready, coverOpen: true, online: false }, 'cover-open'],
      [{ ...ready, cutterError: true, online: false }, 'cutter-error'],
      [{ ...ready, error: 'unrecoverable error', online: false }, 'printer-error'],
      [{ ...ready, online: false }, 'offline'],
    ];
    for (const [condition, reason] of cases) {
      expect(decidePrinterGate(condition, false)).toEqual({ kind: 'block', reason });
      expect(decidePrinterGate(condition, true)).toEqual({ kind: 'warn', reason });
    }
  });

  it('names paper out first when several faults are reported together', () => {
    const many = { ...ready, paper: 'out' as const, coverOpen: true, online: false };
    expect(decidePrinterGate(many, false)).toEqual({ kind: 'block', reason: 'paper-out' });
  });

  it('treats a printer that does not answer as unable to print', () => {
    expect(decidePrinterGateFromStatus(err({ kind: 'timeout' }), false)).toEqual({
      kind: 'block',
      reason: 'no-answer',
    });
    expect(decidePrinterGateFromStatus(err({ kind: 'io', message: 'EIO' }), true)).toEqual({
      kind: 'warn',
      reason: 'link-error',
    });
    expect(decidePrinterGateFromStatus(ok(ready), false)).toEqual({
      kind: 'ok',
      paperNearEnd: false,
    });
  });
});
