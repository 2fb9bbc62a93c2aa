import { assertNever } from '../../../common/assert.ts';
import type { JournalTransfer } from '../../../common/contract.ts';
import { t } from '../i18n/operator.ts';

/** Words of service mode that change with a number or a state (i18n/operator.ts). */
export const notesCount = (value: number) => t('count.notes', { count: value });

export const filesCount = (value: number) => t('count.files', { count: value });

export function receiptStateWords(state: JournalTransfer['receiptState']): string {
  switch (state) {
    case 'pending':
      return t('svc.receipt.pending');
    case 'printed':
      return t('svc.receipt.printed');
    case 'unprinted':
      return t('svc.receipt.unprinted');
    default:
      return assertNever(state, 'receipt state');
  }
}
