import { placeOnPaper } from '../../protocol/escpos/text-wrap.ts';
import type { DecodedReceipt } from './decoded-receipt.ts';

/**
 * A decoded receipt as plain text, the way it looks on paper: alignment by spaces, double width
 * as spaced letters, `[QR: payload]` for a QR symbol, and a closing line telling how it ended.
 */
export function renderReceiptText(receipt: DecodedReceipt): string {
  const width = receipt.widthColumns;
  const out: string[] = [];
  for (const line of receipt.lines) {
    switch (line.kind) {
      case 'text':
        out.push(placeOnPaper(line.text, line.align, line.widthMultiplier, width));
        break;
      case 'feed':
        for (let index = 0; index < line.lines; index += 1) out.push('');
        break;
      case 'qr':
        out.push(placeOnPaper(`[QR: ${line.payload}]`, 'center', 1, width));
        break;
    }
  }
  if (receipt.interrupted !== null) out.push(`[interrupted: ${receipt.interrupted}]`);
  else if (receipt.cut !== null) out.push(`[cut: ${receipt.cut}]`);
  else out.push('[not cut]');
  return `${out.join('\n')}\n`;
}
