/**
 * Kiosk handlers for payer accounts (issue 9): they call central with the terminal's signature
 * and the payer's session token, which stays in main (AccountSession) and is never returned.
 */
import {
  type AccountHistory,
  type AccountView,
  type accountCommands,
  type HistoryTransfer,
  type IpcError,
  letterQuote,
  passwordProblem,
} from '../../common/contract.ts';
import { commissionKopecks, kopecks } from '../../common/money.ts';
import { ok, type Result } from '../../common/result.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';
import { uuidv7 } from '../ledger/uuidv7.ts';
import type { Logger } from '../log.ts';
import {
  type AccountCallError,
  type AccountClient,
  createAccountClient,
  type Session,
} from './account-client.ts';
import type { AccountSession } from './account-session.ts';
import { describeFailure, type Refusal, refuse } from './account-errors.ts';

export type AccountHandlers = HandlersFor<typeof accountCommands>;

export type AccountHandlerDeps = {
  /** The enrolled terminal (null before enrolment: every account call is refused then). */
  terminal: () => { terminalId: string; centralUrl: string; privateKeyPem: string } | null;
  session: AccountSession;
  /** The kiosk's commission: a wallet payment costs the same as cash. */
  commission: () => { commissionBasisPoints: number; commissionMinKopecks: number };
  now: () => number;
  log: Logger;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

/** A money call whose answer was lost is sent again with the same id (central replays it). */
const MONEY_ATTEMPTS = 3;

/** Every attempt lost its answer: the payment may exist. Say so, with the id to look it up. */
const unknownOutcome = (id: string) =>
  refuse('outcome-unknown', `No answer about ${id}: check the history before paying again.`);

export function createAccountHandlers(deps: AccountHandlerDeps): AccountHandlers {
  const client = (): AccountClient | null => {
    const terminal = deps.terminal();
    if (terminal === null) return null;
    return createAccountClient({
      baseUrl: terminal.centralUrl,
      terminalId: terminal.terminalId,
      privateKeyPem: terminal.privateKeyPem,
      timeoutMs: deps.timeoutMs ?? 10_000,
      nowMs: deps.now,
      ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    });
  };
  const offline = (): Refusal => refuse('not-enrolled', 'This kiosk is not connected yet.');
  const failed = (error: AccountCallError): Refusal => {
    if (error.kind === 'http' && error.code === 'payer-session-invalid') {
      deps.session.end('expired');
    }
    return describeFailure(error);
  };

  /** Runs an authenticated call: refuses without a session, restarts the idle countdown. */
  const authed = async <T>(
    work: (api: AccountClient, token: string) => Promise<Result<T, AccountCallError>>,
  ): Promise<Result<T, IpcError>> => {
    const api = client();
    if (api === null) return offline();
    const token = deps.session.token();
    if (token === null) return refuse('not-logged-in', 'Log in first.');
    deps.session.touch();
    const answer = await work(api, token);
    return answer.ok ? answer : failed(answer.error);
  };

  const retrying = async <T>(
    attempt: () => Promise<Result<T, AccountCallError>>,
  ): Promise<Result<T, AccountCallError>> => {
    let answer = await attempt();
    for (let tries = 1; tries < MONEY_ATTEMPTS && !answer.ok; tries += 1) {
      if (answer.error.kind !== 'network' && answer.error.kind !== 'timeout') break;
      answer = await attempt();
    }
    return answer;
  };

  const view = async (
    api: AccountClient,
    token: string,
  ): Promise<Result<AccountView, IpcError>> => {
    const profile = await api.profile(token);
    if (!profile.ok) return failed(profile.error);
    const { phone, displayName, email, walletKopecks } = profile.value;
    return ok({ phone, displayName, email, walletKopecks });
  };

  /** After central opened a session: keep its token here and answer with the account. */
  const opened = async (
    api: AccountClient,
    answer: Result<Session, AccountCallError>,
  ): Promise<Result<AccountView, IpcError>> => {
    if (!answer.ok) return describeFailure(answer.error);
    const { sessionToken, accountId } = answer.value;
    const account = await view(api, sessionToken);
    if (!account.ok) {
      void api.logout(sessionToken);
      return account;
    }
    deps.session.start(sessionToken, accountId, account.value.phone);
    return account;
  };

  const checkNewPassword = (password: string, again: string, phone: string | null) => {
    if (password !== again) return refuse('passwords-differ', 'The two passwords differ.');
    const problem = passwordProblem(password, phone);
    return problem === null ? null : refuse(`weak-password:${problem}`, 'Weak password.');
  };

  return {
    async 'account:requestCode'({ phone, purpose }) {
      const api = client();
      if (api === null) return offline();
      const sent = await api.requestCode(phone, purpose);
      return sent.ok ? sent : describeFailure(sent.error);
    },

    async 'account:register'({ phone, code, password, passwordAgain, displayName }) {
      const api = client();
      if (api === null) return offline();
      const weak = checkNewPassword(password, passwordAgain, phone);
      if (weak !== null) return weak;
      return opened(api, await api.register({ phone, code, password, displayName }));
    },

    async 'account:login'({ phone, password }) {
      const api = client();
      if (api === null) return offline();
      return opened(api, await api.login({ phone, password }));
    },

    async 'account:loginWithCode'({ phone, code }) {
      const api = client();
      if (api === null) return offline();
      return opened(api, await api.loginWithCode({ phone, code }));
    },

    async 'account:resetPassword'({ phone, code, newPassword, newPasswordAgain }) {
      const api = client();
      if (api === null) return offline();
      const weak = checkNewPassword(newPassword, newPasswordAgain, phone);
      if (weak !== null) return weak;
      return opened(api, await api.resetPassword({ phone, code, newPassword }));
    },

    'account:logout'() {
      deps.session.end('exit');
      return ok({ loggedOut: true as const });
    },

    async 'account:current'() {
      const api = client();
      const token = deps.session.token();
      if (api === null || token === null) return ok(null);
      deps.session.touch();
      const account = await view(api, token);
      // A session central no longer knows has just been ended: nobody is logged in.
      if (!account.ok && deps.session.token() === null) return ok(null);
      return account;
    },

    'account:touch'() {
      deps.session.touch();
      return ok({ loggedIn: deps.session.token() !== null });
    },

    async 'account:updateProfile'(input) {
      const patch: { displayName?: string; email?: string | null } = {};
      if (input.displayName !== undefined) patch.displayName = input.displayName;
      if (input.email !== undefined) patch.email = input.email === '' ? null : input.email;
      const saved = await authed((api, token) => api.updateProfile(token, patch));
      if (!saved.ok) return saved;
      const { phone, displayName, email, walletKopecks } = saved.value;
      return ok({ phone, displayName, email, walletKopecks });
    },

    async 'account:changePassword'({ currentPassword, newPassword, newPasswordAgain }) {
      const weak = checkNewPassword(newPassword, newPasswordAgain, deps.session.phone());
      if (weak !== null) return weak;
      const changed = await authed((api, token) =>
        api.changePassword(token, { currentPassword, newPassword }),
      );
      return changed.ok ? ok({ changed: true as const }) : changed;
    },

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

    async 'account:track'({ transferId }) {
      const api = client();
      if (api === null) return offline();
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

    async 'account:payFromWallet'({ inmateRef, totalKopecks }) {
      const { commissionBasisPoints, commissionMinKopecks } = deps.commission();
      const commission = commissionKopecks(
        kopecks(totalKopecks),
        commissionBasisPoints,
        kopecks(commissionMinKopecks),
      );
      if (commission >= totalKopecks) return refuse('amount-too-small', 'Amount below the fee.');
      const payment = {
        transferId: uuidv7(deps.now()),
        inmateRef,
        amountKopecks: totalKopecks - commission,
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
