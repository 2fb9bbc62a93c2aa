/**
 * What every kiosk account handler needs: a client for the enrolled terminal, the payer's
 * session token (kept here in main, never returned), and the rules for failures and retries.
 */
import type { AccountView, IpcError } from '../../common/contract.ts';
import { passwordProblem } from '../../common/password.ts';
import { ok, type Result } from '../../common/result.ts';
import type { Logger } from '../log.ts';
import {
  type PayerCallError,
  type PayerClient,
  createPayerClient,
  type Session,
} from '../sync/payer-client.ts';
import { describeFailure, type Refusal, refuse } from './account-errors.ts';
import type { AccountSession } from './account-session.ts';

export type AccountHandlerDeps = {
  /** The enrolled terminal (null before enrolment: every account call is refused then). */
  terminal: () => { terminalId: string; centralUrl: string; privateKeyPem: string } | null;
  session: AccountSession;
  /** The kiosk's commission: a wallet payment costs the same as cash. */
  commission: () => { commissionBasisPoints: number; commissionMinKopecks: number };
  /** A receipt's tracking code → the id of this terminal's transfer it was printed for. */
  transferOfCode?: (code: string) => string | null;
  now: () => number;
  log: Logger;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

/** A money call whose answer was lost is sent again with the same id (central replays it). */
const MONEY_ATTEMPTS = 3;

/** Every attempt lost its answer: the payment may exist. Say so, with the id to look it up. */
export const unknownOutcome = (id: string) =>
  refuse('outcome-unknown', `No answer about ${id}: check the history before paying again.`);

export type AccountCalls = ReturnType<typeof createAccountCalls>;

export function createAccountCalls(deps: AccountHandlerDeps) {
  const client = (): PayerClient | null => {
    const terminal = deps.terminal();
    if (terminal === null) return null;
    return createPayerClient({
      baseUrl: terminal.centralUrl,
      terminalId: terminal.terminalId,
      privateKeyPem: terminal.privateKeyPem,
      timeoutMs: deps.timeoutMs ?? 10_000,
      nowMs: deps.now,
      ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    });
  };
  const offline = (): Refusal => refuse('not-enrolled', 'This kiosk is not connected yet.');
  const failed = (error: PayerCallError): Refusal => {
    if (error.kind === 'http' && error.code === 'payer-session-invalid') {
      deps.session.end('expired');
    }
    return describeFailure(error);
  };

  /** Runs an authenticated call: refuses without a session, restarts the idle countdown. */
  const authed = async <T>(
    work: (api: PayerClient, token: string) => Promise<Result<T, PayerCallError>>,
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
    attempt: () => Promise<Result<T, PayerCallError>>,
  ): Promise<Result<T, PayerCallError>> => {
    let answer = await attempt();
    for (let tries = 1; tries < MONEY_ATTEMPTS && !answer.ok; tries += 1) {
      if (answer.error.kind !== 'network' && answer.error.kind !== 'timeout') break;
      answer = await attempt();
    }
    return answer;
  };

  const view = async (api: PayerClient, token: string): Promise<Result<AccountView, IpcError>> => {
    const profile = await api.profile(token);
    if (!profile.ok) return failed(profile.error);
    const { phone, displayName, email, walletKopecks, senderName } = profile.value;
    return ok({ phone, displayName, email, walletKopecks, senderName });
  };

  /** After central opened a session: keep its token here and answer with the account. */
  const opened = async (
    api: PayerClient,
    answer: Result<Session, PayerCallError>,
  ): Promise<Result<AccountView, IpcError>> => {
    if (!answer.ok) return describeFailure(answer.error);
    const { sessionToken, accountId } = answer.value;
    const account = await view(api, sessionToken);
    if (!account.ok) {
      void api.logout(sessionToken);
      return account;
    }
    deps.session.start(sessionToken, accountId, account.value.phone, account.value.senderName);
    return account;
  };

  const checkNewPassword = (password: string, again: string, phone: string | null) => {
    if (password !== again) return refuse('passwords-differ', 'The two passwords differ.');
    const problem = passwordProblem(password, phone);
    return problem === null ? null : refuse(`weak-password:${problem}`, 'Weak password.');
  };

  return { client, offline, failed, authed, retrying, view, opened, checkNewPassword };
}
