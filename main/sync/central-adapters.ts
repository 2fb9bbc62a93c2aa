/**
 * Glue between the central client (central-client.ts) and the sync pieces, each of which
 * names only the calls it needs (OutboxTransport, HeartbeatTransport, CentralSearch), so they
 * are tested against fakes and the simulator without HTTP.
 */
import { assertNever } from '../../common/assert.ts';
import { ok } from '../../common/result.ts';
import type { CentralClient, TransferCreate, WalletTopUpCreate } from './central-client.ts';
import type { HeartbeatTransport } from './heartbeat.ts';
import type { BatchItemOutcome, OutboxTransport } from './outbox-sender.ts';
import type { OutgoingTransfer } from './outgoing-transfer.ts';
import type { CentralSearch } from './payee-search.ts';

/**
 * The one place the kiosk's money words (docs/glossary.md) become the wire's: a transfer's
 * `depositedKopecks` is the cash taken, its `amountKopecks` what the inmate receives.
 */
export function transferCreateOf(transfer: OutgoingTransfer, inmateRef: string): TransferCreate {
  return {
    transferId: transfer.transferId,
    inmateRef,
    depositedKopecks: transfer.acceptedKopecks,
    amountKopecks: transfer.creditedKopecks,
    commissionKopecks: transfer.commissionKopecks,
    kioskCreatedAtMs: transfer.kioskCreatedAtMs,
    payerAccountId: transfer.payerAccountId,
    ...(transfer.kioskSequence === undefined ? {} : { kioskSequence: transfer.kioskSequence }),
  };
}

/** A wallet top-up's `amountKopecks` is the cash taken: the wallet gets all of it. */
export function walletTopUpCreateOf(
  transfer: OutgoingTransfer,
  accountId: string,
): WalletTopUpCreate {
  const letter = transfer.letter;
  return {
    topUpId: transfer.transferId,
    accountId,
    amountKopecks: transfer.acceptedKopecks,
    kioskCreatedAtMs: transfer.kioskCreatedAtMs,
    ...(letter === undefined
      ? {}
      : {
          letter: {
            letterId: letter.terms.letterId,
            inmateRef: letter.terms.recipient.inmateRef,
            text: letter.text,
            replyBlanks: letter.terms.replyBlanks,
          },
        }),
  };
}

/** An outbox row by its recipient's kind: each goes to its own endpoint of central. */
type Routed =
  | { kind: 'inmate'; transfer: OutgoingTransfer; body: TransferCreate }
  | { kind: 'wallet'; transfer: OutgoingTransfer; body: WalletTopUpCreate };

function routed(transfer: OutgoingTransfer): Routed {
  const recipient = transfer.recipient;
  switch (recipient.kind) {
    case 'inmate':
      return { kind: 'inmate', transfer, body: transferCreateOf(transfer, recipient.inmateRef) };
    case 'wallet':
      return { kind: 'wallet', transfer, body: walletTopUpCreateOf(transfer, recipient.accountId) };
    default:
      return assertNever(recipient);
  }
}

/**
 * Outbox rows are transfers to inmates, or cash top-ups of a payer's wallet, which go to
 * central's wallet endpoint with the same id as their idempotency key.
 */
export function outboxTransportOf(client: CentralClient): OutboxTransport {
  return {
    sendOne(transfer) {
      const route = routed(transfer);
      return route.kind === 'inmate'
        ? client.createTransfer(route.body)
        : client.creditWalletTopUp(route.body);
    },
    async sendBatch(transfers) {
      const routes = transfers.map(routed);
      const toInmates = routes.flatMap((route) => (route.kind === 'inmate' ? [route.body] : []));
      const outcomes = new Map<string, BatchItemOutcome>();
      if (toInmates.length > 0) {
        const answer = await client.createTransfers(toInmates);
        if (!answer.ok) return answer;
        for (const item of answer.value) {
          outcomes.set(item.transferId, {
            transferId: item.transferId,
            httpStatus: item.httpStatus,
            code: item.code,
          });
        }
      }
      for (const route of routes) {
        if (route.kind !== 'wallet') continue;
        const answer = await client.creditWalletTopUp(route.body);
        if (!answer.ok && answer.error.kind !== 'http') return answer;
        const transferId = route.transfer.transferId.toLowerCase();
        outcomes.set(transferId, {
          transferId,
          httpStatus: answer.ok ? 201 : answer.error.kind === 'http' ? answer.error.status : 0,
          code: answer.ok ? null : answer.error.kind === 'http' ? answer.error.code : null,
        });
      }
      return ok(
        transfers.flatMap((transfer) => outcomes.get(transfer.transferId.toLowerCase()) ?? []),
      );
    },
  };
}

/** `healthClient`: one with a short timeout, for the clock probe a refused heartbeat makes. */
export function heartbeatTransportOf(
  client: CentralClient,
  healthClient: CentralClient = client,
): HeartbeatTransport {
  return {
    sendHeartbeat: (body) => client.sendHeartbeat(body),
    centralNowMs: async () => {
      const answer = await healthClient.health();
      return answer.ok ? ok(answer.value.nowMs) : answer;
    },
  };
}

/** Use a client built with the short search timeout (3 s), not the outbox's longer one. */
export function centralSearchOf(client: CentralClient): CentralSearch {
  return async (query) => {
    const args = {
      facilityId: query.facilityId,
      surname: query.surname,
      name: query.name,
      ...(query.patronymic === undefined || query.patronymic === ''
        ? {}
        : { patronymic: query.patronymic }),
      birthYear: query.birthYear,
      ...(query.birthDay === undefined || query.birthMonth === undefined
        ? {}
        : { birthDay: query.birthDay, birthMonth: query.birthMonth }),
    };
    const answer = await client.searchInmatesAnswer(args);
    return answer.ok ? ok(answer.value) : answer;
  };
}
