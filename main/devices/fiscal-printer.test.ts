import { describe, expect, it } from 'vitest';
import type { FiscalError } from '../../common/fiscal-port.ts';
import { fiscalTapeLines, printerErrorOf } from './fiscal-printer.ts';

describe('fiscalTapeLines', () => {
  it('lays a document out as plain text within the tape: aligned, ruled, QR as its text', () => {
    const lines = fiscalTapeLines(
      {
        widthColumns: 48,
        lines: [
          { kind: 'text', text: 'ИНКАССАЦИЯ', align: 'center', bold: true, size: 2 },
          { kind: 'text', text: 'Итого', align: 'right' },
          { kind: 'rule' },
          { kind: 'feed', lines: 2 },
          { kind: 'qr', data: 'https://central.example/t/0192-abc?c=ABCD1234' },
        ],
      },
      32,
    );
    expect(lines).toEqual([
      '           ИНКАССАЦИЯ',
      '                           Итого',
      '-'.repeat(32),
      '',
      '',
      'https://central.example/t/0192-a',
      'bc?c=ABCD1234',
    ]);
  });

  it('wraps a line wider than the tape instead of losing its end', () => {
    const text = 'Пересчитано не совпало с ожидаемым, комментарий инкассатора';
    const lines = fiscalTapeLines({ widthColumns: 32, lines: [{ kind: 'text', text }] }, 24);
    expect(lines.every((line) => line.length <= 24)).toBe(true);
    expect(lines.join('')).toBe(text);
  });
});

describe('printerErrorOf', () => {
  it.each<[FiscalError, string]>([
    [{ kind: 'paper-out' }, 'paper-out'],
    [{ kind: 'cover-open' }, 'cover-open'],
    [{ kind: 'offline' }, 'offline'],
    [{ kind: 'timeout' }, 'timeout'],
    [{ kind: 'fn-blocked', code: 0x14, message: 'resource' }, 'io'],
    [{ kind: 'shift-expired' }, 'io'],
  ])('maps %j to the printer kind %s', (error, kind) => {
    expect(printerErrorOf(error).kind).toBe(kind);
  });
});
