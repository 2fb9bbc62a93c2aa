import { assert } from '../../../common/assert.ts';
import type { ReceiptDocument, ReceiptLine } from '../../../common/ports.ts';
import { wrapText } from '../../../protocol/escpos/text-wrap.ts';
import * as cmd from './commands.ts';
import { encodeCp866 } from '../../../protocol/escpos/cp866.ts';

export type EncodeOptions = {
  /** ESC t n for CP866: 17 on Epson and compatibles, 7 on Citizen (docs/protocols/escpos.md §2). */
  codePage: number;
  /** Printer line width in font A columns. */
  widthColumns: number;
  cutMode: cmd.CutMode;
  /** Lines fed so the last printed line passes the cutter before the cut. */
  feedBeforeCutLines: number;
  /** Target size of one write; a chunk always ends on a command boundary. */
  chunkBytesMax: number;
};

export const QR_MODULE_SIZE_DEFAULT = 6;

/**
 * Encodes a receipt into chunks of whole commands. The driver checks the printer between
 * chunks, so paper running out mid-receipt stops the rest from being sent.
 */
export function encodeReceipt(document: ReceiptDocument, options: EncodeOptions): Uint8Array[] {
  assert(document.widthColumns <= options.widthColumns, 'escpos: document wider than printer');
  const commands: number[][] = [
    [...cmd.initialize(), ...cmd.cancelKanji(), ...cmd.selectCodeTable(options.codePage)],
  ];
  for (const line of document.lines) {
    commands.push(...encodeLine(line, document.widthColumns));
  }
  commands.push([
    ...cmd.align('left'),
    ...cmd.feedLines(options.feedBeforeCutLines),
    ...cmd.cut(options.cutMode),
  ]);
  return groupIntoChunks(commands, options.chunkBytesMax);
}

function encodeLine(line: ReceiptLine, widthColumns: number): number[][] {
  switch (line.kind) {
    case 'text':
      return encodeText(line, widthColumns);
    case 'rule':
      return [[...style('left', false, 1), ...encodeCp866('-'.repeat(widthColumns)), cmd.LF]];
    case 'feed':
      return [cmd.feedLines(Math.max(0, Math.min(255, Math.trunc(line.lines))))];
    case 'qr':
      return [
        [
          ...style('center', false, 1),
          ...cmd.qrCode(line.data, line.moduleSize ?? QR_MODULE_SIZE_DEFAULT),
        ],
      ];
  }
}

function encodeText(
  line: Extract<ReceiptLine, { kind: 'text' }>,
  widthColumns: number,
): number[][] {
  const multiplier = line.size ?? 1;
  // A line longer than the paper would be wrapped by the printer mid-word: wrap it here instead.
  const pieces = wrapText(line.text, Math.floor(widthColumns / multiplier));
  const head = style(line.align ?? 'left', line.bold ?? false, multiplier);
  return pieces.map((piece, index) => [
    ...(index === 0 ? head : []),
    ...encodeCp866(piece),
    cmd.LF,
  ]);
}

/** Every line states its whole style, so a lost or partial earlier chunk cannot leak styles. */
function style(where: cmd.Align, isBold: boolean, multiplier: 1 | 2): number[] {
  return [...cmd.align(where), ...cmd.bold(isBold), ...cmd.size(multiplier)];
}

function groupIntoChunks(commands: readonly number[][], chunkBytesMax: number): Uint8Array[] {
  assert(chunkBytesMax >= 64, 'escpos: chunk size');
  const chunks: Uint8Array[] = [];
  let current: number[] = [];
  for (const command of commands) {
    if (current.length > 0 && current.length + command.length > chunkBytesMax) {
      chunks.push(Uint8Array.from(current));
      current = [];
    }
    current.push(...command);
  }
  if (current.length > 0) chunks.push(Uint8Array.from(current));
  return chunks;
}
