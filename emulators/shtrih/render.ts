/**
 * The emulated ККТ's tape drawn by the ESC/POS emulator's renderers: plain text as on paper and
 * a PNG strip with a real, scannable fiscal QR code.
 */
import type { DecodedReceipt } from '../escpos/decoded-receipt.ts';
import { renderReceiptPng } from '../escpos/render-png.ts';
import { renderReceiptText } from '../escpos/render-text.ts';

export function renderTapeText(piece: DecodedReceipt): string {
  return renderReceiptText(piece);
}

export function renderTapePng(piece: DecodedReceipt): Buffer {
  return renderReceiptPng(piece);
}

/** The piece of tape that carries the fiscal document with this ФД number. */
export function pieceWithDocument(
  pieces: readonly DecodedReceipt[],
  fdNumber: number,
): DecodedReceipt | null {
  const marker = new RegExp(`^ФД +${fdNumber}$`);
  return (
    pieces.find((piece) =>
      piece.lines.some((line) => line.kind === 'text' && marker.test(line.text)),
    ) ?? null
  );
}
