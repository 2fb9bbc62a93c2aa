/**
 * The kiosk's report on a remote command: POST /v1/terminal/commands/{commandId}/result,
 * signed like every terminal request. A result with a file (logs, a screenshot) may take a
 * while on a slow line, hence the longer timeout.
 */
import { type CommandResult, CommandResultAckSchema } from '../../common/remote-command-wire.ts';
import type { Result } from '../../common/result.ts';
import { createSignedFetch, type FetchFailure } from './signed-fetch.ts';

export type Report = CommandResult;
export type ResultSender = (
  commandId: number,
  report: Report,
) => Promise<Result<{ status: string }, FetchFailure>>;

const RESULT_TIMEOUT_MS = 60_000;

export function createResultSender(
  identity: { terminalId: string; centralUrl: string; privateKeyPem: string },
  nowMs: () => number,
): ResultSender {
  const request = createSignedFetch({
    baseUrl: identity.centralUrl,
    terminalId: identity.terminalId,
    privateKeyPem: () => identity.privateKeyPem,
    timeoutMs: RESULT_TIMEOUT_MS,
    nowMs,
  });
  return (commandId, report) =>
    request(
      {
        method: 'POST',
        target: `/v1/terminal/commands/${commandId}/result`,
        body: report,
        signed: true,
      },
      CommandResultAckSchema,
    );
}
