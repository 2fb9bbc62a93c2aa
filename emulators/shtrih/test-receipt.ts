/**
 * The frames of one payment agent's receipt as a kiosk sends them (open, principal item with
 * its supplier, fee item, receipt-level agent tags, close in cash), for the emulator's tests.
 */
import * as basic from '../../protocol/shtrih/commands.ts';
import {
  closeReceiptV2,
  fnSendOperationTlv,
  fnSendTlv,
  operationV2,
} from '../../protocol/shtrih/receipt-commands.ts';
import { byteTlv, stlv, stringTlv } from '../../protocol/shtrih/tlv.ts';

export type TestReceipt = { principalKopecks: number; feeKopecks: number; cashKopecks: number };

const PASSWORD = 30;

function itemMessage(name: string, priceKopecks: number, subject: number): Uint8Array {
  return operationV2.encodeRequest({
    password: PASSWORD,
    operation: 1,
    quantity: 1_000_000,
    priceKopecks,
    amountKopecks: null,
    taxKopecks: null,
    taxBits: 0x08,
    department: 1,
    paymentMethod: 4,
    paymentSubject: subject,
    name,
  });
}

const tlv = (code: 'item' | 'receipt', bytes: Uint8Array) =>
  (code === 'item' ? fnSendOperationTlv : fnSendTlv).encodeRequest({
    password: PASSWORD,
    tlv: bytes,
  });

/** The messages in the order a driver sends them; the last one closes the receipt. */
export function agentReceiptMessages(receipt: TestReceipt): Uint8Array[] {
  const messages = [
    basic.openReceipt.encodeRequest({ password: PASSWORD, type: 0 }),
    itemMessage('Перевод Иванову И.И.', receipt.principalKopecks, 10),
    tlv('item', byteTlv(1222, 0x04)),
    tlv('item', stlv(1224, [stringTlv(1225, 'ФКУ СИЗО-1'), stringTlv(1171, '+74950000001')])),
    tlv('item', stringTlv(1226, '7701234567')),
  ];
  if (receipt.feeKopecks > 0) {
    messages.push(itemMessage('Вознаграждение агента', receipt.feeKopecks, 11));
  }
  messages.push(
    tlv('receipt', byteTlv(1057, 0x04)),
    tlv('receipt', stringTlv(1073, '+78005550101')),
    tlv('receipt', stringTlv(1074, '+74950000002')),
    tlv('receipt', stringTlv(1171, '+74950000001')),
    closeReceiptV2.encodeRequest({
      password: PASSWORD,
      paymentsKopecks: [receipt.cashKopecks, ...new Array<number>(15).fill(0)],
      roundingKopecks: 0,
      taxesKopecks: [0, 0, 0, 0, 0, 0],
      taxSystemBits: 0x02,
      text: '',
    }),
  );
  return messages;
}
