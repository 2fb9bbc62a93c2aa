/** Account handlers for what the payer does: templates, history, tracking, letters, wallet. */
import type { AccountHistory, accountCommands, HistoryTransfer } from '../../common/contract.ts';
import { letterQuote } from '../../common/letter.ts';
import { commissionKopecks, kopecks } from '../../common/money.ts';
import { ok } from '../../common/result.ts';
import { normalizeTrackingCode } from '../../common/tracking-code.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';
import { uuidv7 } from '../ledger/uuidv7.ts';
import { type AccountCalls, type AccountHandlerDeps, unknownOutcome } from './account-calls.ts';
import { describeFailure, refuse } from './account-errors.ts';
import type { WalletPaymentCreate } from '../../common/central-wire.ts';

type ContentChannel =
  | 'account:templates'
  | 'account:saveTemplate'
  | 'account:deleteTemplate'
  | 'account:history'
  | 'account:track'
  | 'account:letterQuote'
  | 'account:sendLetter'
  | 'account:letterReply'
  | 'account:payFromWallet'
  | 'account:supportSend'
  | 'account:supportList';

export type ContentHandlers = Pick<HandlersFor<typeof accountCommands>, ContentChannel>;

export function createContentHandlers(
  deps: AccountHandlerDeps,
  calls: AccountCalls,
): ContentHandlers {
  const { client, offline, authed, retrying } = calls;
  return {
    async 'account:templates'() {
      const listed = await authed((api, token) => api.templates(token));
      return listed.ok ? ok(listed.value.templates) : listed;
    },

    async 'account:saveTemplate'(input) {
      const saved = await authed((api, token) => api.addTemplate(token, input));
      if (!saved.ok) return saved;
      // The answer of POST has no birth year: read the template back as the list shows it.
      const listed = await authed((api, token) => api.templates(token));
      if (!listed.ok) return listed;
      const found = listed.value.templates.find((t) => t.templateId === saved.value.templateId);
      return found === undefined ? refuse('template-not-found', 'Template vanished.') : ok(found);
    },

    async 'account:deleteTemplate'({ templateId }) {
      const deleted = await authed((api, token) => api.deleteTemplate(token, templateId));
      return deleted.ok ? ok({ deleted: true as const }) : deleted;
    },

    async 'account:history'({ recipientKey }) {
      const both = await authed(async (api, token) => {
        const history = await api.history(token);
        if (!history.ok) return history;
        const wallet = await api.wallet(token);
        return wallet.ok ? ok({ history: history.value, wallet: wallet.value }) : wallet;
      });
      if (!both.ok) return both;
      return ok(historyView(both.value.history, both.value.wallet.entries, recipientKey));
    },

    async 'account:track'({ transferId: typed }) {
      const api = client();
      if (api === null) return offline();
      // A receipt's code stands for one of this terminal's own transfers (its ledger knows).
      const code = normalizeTrackingCode(typed);
      const transferId = code === null ? typed : (deps.transferOfCode?.(code) ?? null);
      if (transferId === null) return refuse('transfer-not-found', 'No transfer with this code.');
      const found = await api.track(transferId);
      return found.ok ? found : describeFailure(found.error);
    },

    'account:letterQuote'({ text, replyBlanks }) {
      return ok(letterQuote(text, replyBlanks));
    },

    async 'account:sendLetter'({ inmateRef, text, replyBlanks }) {
      const letterId = uuidv7(deps.now());
      const kioskCreatedAtMs = deps.now();
      const body = { letterId, inmateRef, text, replyBlanks, paidFrom: 'wallet' as const };
      const sent = await authed((api, token) =>
        retrying(() => api.sendLetter(token, { ...body, kioskCreatedAtMs })),
      );
      if (sent.ok || sent.error.kind !== 'central-unavailable') return sent;
      return unknownOutcome(letterId);
    },

    async 'account:letterReply'({ letterId }) {
      const file = await authed((api, token) => api.letterReply(token, letterId));
      if (!file.ok) return file;
      const { contentType, sizeBytes, dataBase64 } = file.value;
      return ok({ letterId: file.value.letterId, contentType, sizeBytes, dataBase64 });
    },

    async 'account:payFromWallet'({ inmateRef, totalKopecks }) {
      const { commissionBasisPoints, commissionMinKopecks } = deps.commission();
      const commission = commissionKopecks(
        kopecks(totalKopecks),
        commissionBasisPoints,
        kopecks(commissionMinKopecks),
      );
      if (commission >= totalKopecks) return refuse('amount-too-small', 'Amount below the fee.');
      // The wallet pays creditedKopecks + commission; the wire calls the credited part amount.
      const creditedKopecks = totalKopecks - commission;
      const payment: WalletPaymentCreate = {
        transferId: uuidv7(deps.now()),
        inmateRef,
        amountKopecks: creditedKopecks,
        commissionKopecks: commission,
        kioskCreatedAtMs: deps.now(),
      };
      deps.log.info({ transferId: payment.transferId, totalKopecks }, 'wallet payment');
      const paid = await authed((api, token) => retrying(() => api.payFromWallet(token, payment)));
      if (paid.ok) return ok(historyTransfer(paid.value));
      return paid.error.kind === 'central-unavailable' ? unknownOutcome(payment.transferId) : paid;
    },

    async 'account:supportSend'({ text, transferId }) {
      const sent = await authed((api, token) => api.supportSend(token, { text, transferId }));
      if (!sent.ok) return sent;
      const { messageId, reply, createdAtMs } = sent.value;
      return ok({ messageId, text: sent.value.text, reply, createdAtMs });
    },

    async 'account:supportList'() {
      const listed = await authed((api, token) => api.supportList(token));
      return listed.ok ? ok(listed.value.messages) : listed;
    },
  };
}

type CentralTransfer = Omit<HistoryTransfer, 'recipientKey'> & { depositedKopecks: number };

function historyTransfer(transfer: CentralTransfer): HistoryTransfer {
  return {
    transferId: transfer.transferId,
    status: transfer.status,
    amountKopecks: transfer.amountKopecks,
    commissionKopecks: transfer.commissionKopecks,
    recipientMasked: transfer.recipientMasked,
    recipientBirthYear: transfer.recipientBirthYear,
    facilityId: transfer.facilityId,
    facilityName: transfer.facilityName,
    recipientKey: [transfer.facilityId, transfer.recipientMasked, transfer.recipientBirthYear].join(
      '|',
    ),
    acceptedAtMs: transfer.acceptedAtMs,
  };
}

function historyView(
  history: { transfers: CentralTransfer[]; letters: AccountHistory['letters'] },
  wallet: AccountHistory['wallet'],
  recipientKey: string | undefined,
): AccountHistory {
  const transfers = history.transfers.map(historyTransfer);
  if (recipientKey === undefined) return { transfers, letters: history.letters, wallet };
  const mine = transfers.filter((transfer) => transfer.recipientKey === recipientKey);
  const [facilityId, masked] = recipientKey.split('|');
  const facilityName = transfers.find((t) => t.facilityId === facilityId)?.facilityName;
  const letters = history.letters.filter(
    (letter) => letter.recipientMasked === masked && letter.facilityName === facilityName,
  );
  const ids = new Set(mine.map((transfer) => `transfer:${transfer.transferId}`));
  return { transfers: mine, letters, wallet: wallet.filter((entry) => ids.has(entry.entryId)) };
}
