import type { FiscalCatalogue } from './fiscal-ru.ts';

/** English, written against the Russian (docs/TRANSLATIONS.md). */
export const fiscalEn: FiscalCatalogue = {
  'status.fiscal-offline': 'The cash register does not answer, so no cash is taken now.',
  'status.fiscal-paper-out': 'The cash register is out of receipt paper, so no cash is taken now.',
  'status.fiscal-cover-open': 'The cash register is open for servicing, so no cash is taken now.',
  'status.fiscal-fn-blocked':
    'The cash register is blocked and cannot issue a fiscal receipt, so no cash is taken now.',
  'status.fiscal-fn-expired':
    "The cash register's fiscal storage must be replaced, so no cash is taken now.",
  'status.fiscal-fn-critical':
    'The cash register is faulty and cannot issue a fiscal receipt, so no cash is taken now.',
  'status.fiscal-ofd-too-old':
    'The cash register has not sent its receipts to the tax service for too long, so no cash is taken now.',
  'status.fiscal-shift': 'The cash register is closing its shift. Please wait a few minutes.',
  'status.fiscal-document-stuck':
    'The cash register is finishing the previous receipt. Please wait a few minutes.',
  'status.fiscal-not-confirmed':
    'The terminal is not yet set up to issue fiscal receipts, so no cash is taken now.',
  'status.fiscal-no-requisites':
    'The terminal lacks the details for a fiscal receipt, so no cash is taken now.',
  'fiscal.startRefused': 'The cash register cannot issue a receipt, so no cash is taken now.',
  'success.fiscal.label': 'Fiscal receipt',
  'success.fiscal.issued': 'Fiscal receipt No. {receipt}, shift No. {shift}',
  'success.fiscal.requisites': 'FD {fd} · FS {fp} · FN {fn}',
  'success.fiscal.pending':
    'The fiscal receipt is still being printed. Your payment is recorded; if no receipt comes out, call support.',
  'success.fiscal.held':
    'The fiscal receipt could not be issued now. Your payment is recorded and the receipt will be issued later; call support with any questions.',
  'success.fiscal.otherParty': 'The fiscal receipt is issued by {party}.',
};
