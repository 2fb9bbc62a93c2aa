/**
 * The console's Transfers page: search central's transfers in the user's scope (by id or its
 * last eight hex digits, the receipt's tracking code, terminal, facility, status, period) and,
 * for the roles that may (`transfers.credit`), credit or return one by hand through the very
 * step the admin token's routes take (transfer-steps.ts). Each hand step is audited, and so is
 * a refused one.
 */
import type { FastifyRequest } from 'fastify';
import { roleMay } from '../../common/console-wire.ts';
import {
  type ConsoleTransfer,
  ConsoleTransferReturnSchema,
} from '../../common/console-wire-transfers.ts';
import { normalizeTrackingCode } from '../../common/tracking-code.ts';
import { transferViewOf } from '../transfers.ts';
import { ApiFailure, apiError } from '../errors.ts';
import type { TrackingKeys } from '../tracking.ts';
import type { Step } from '../transfers.ts';
import type { TransferSteps } from '../transfer-steps.ts';
import { type Accounts, type Actor, auditBy } from './accounts.ts';
import type { Gate } from './gate.ts';
import type { TransferRow, TransferSearch, TransferSearchStore } from './store-transfers.ts';
import type { Views } from './views.ts';

export type TransferRouteDeps = {
  gate: Gate;
  accounts: Accounts;
  views: Views;
  search: TransferSearchStore;
  steps: TransferSteps;
  tracking: Pick<TrackingKeys, 'matches'>;
  nowMs: () => number;
  warn: (fields: Record<string, unknown>, message: string) => void;
};

type Query = {
  transferId?: string;
  code?: string;
  terminalId?: string;
  facilityId?: string;
  status?: string;
  fromMs?: string;
  toMs?: string;
  limit?: string;
};

const DEFAULT_LIMIT = 100;

/** A row as the console shows it: the sender's name only to those who credit. */
export function consoleTransferOf(row: TransferRow, withSender: boolean): ConsoleTransfer {
  const { senderName: _sender, ...view } = transferViewOf(row);
  return {
    ...view,
    terminalId: row.terminal_id,
    regionCode: row.region_code,
    senderName: withSender ? row.sender_name : null,
  };
}

export function registerTransferRoutes(deps: TransferRouteDeps): void {
  const { gate, search, views } = deps;
  const audit = auditBy(deps.accounts, deps.nowMs);
  /** The terminals whose transfers the user sees; null: all of them (and the payer apps'). */
  const terminalsOf = async (actor: Actor): Promise<string[] | null> =>
    'all' in actor.user.scope
      ? null
      : (await views.rowsFor(actor.user)).map((row) => row.terminalId);
  const withSender = (actor: Actor) => roleMay(actor.user.role, 'transfers.credit');

  gate.route('GET', '/v1/console/transfers', 'transfers.read', async (request, _r, actor) => {
    const query = request.query as Query;
    const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
    const base: TransferSearch = {
      terminals: await terminalsOf(actor),
      ...(query.transferId === undefined ? {} : { transferId: query.transferId }),
      ...(query.terminalId === undefined ? {} : { terminalId: query.terminalId }),
      ...(query.facilityId === undefined ? {} : { facilityId: query.facilityId }),
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.fromMs === undefined ? {} : { fromMs: Number(query.fromMs) }),
      ...(query.toMs === undefined ? {} : { toMs: Number(query.toMs) }),
    };
    let rows: TransferRow[];
    if (query.code === undefined) {
      rows = await search.find(base, limit + 1);
    } else {
      const code = normalizeTrackingCode(query.code);
      if (code === null) {
        throw new ApiFailure(apiError(400, 'bad-tracking-code', 'a code is 8 letters and digits'));
      }
      // The code is a MAC of the id under its terminal's key: it is checked, never looked up.
      const matched = (await search.owners(base))
        .filter((row) => deps.tracking.matches(row.terminal_id, row.id, code))
        .slice(0, limit + 1);
      rows = [];
      for (const { id } of matched)
        rows.push(...(await search.find({ ...base, transferId: id }, 1)));
    }
    return {
      transfers: rows.slice(0, limit).map((row) => consoleTransferOf(row, withSender(actor))),
      truncated: rows.length > limit,
    };
  });

  const inScope = async (actor: Actor, request: FastifyRequest): Promise<TransferRow> => {
    const { transferId } = request.params as { transferId: string };
    const [row] = await search.find(
      { terminals: await terminalsOf(actor), transferId: transferId.toLowerCase() },
      1,
    );
    // Outside the scope a transfer does not exist for this user, like an unknown id.
    if (row === undefined) {
      throw new ApiFailure(apiError(404, 'transfer-not-found', `no transfer ${transferId}`));
    }
    return row;
  };

  const answer = async (
    actor: Actor,
    before: TransferRow,
    step: Step,
    action: 'credited' | 'returned',
    detail: object,
  ): Promise<ConsoleTransfer> => {
    const facts = {
      from: before.status,
      terminalId: before.terminal_id,
      facilityId: before.facility_id,
      amountKopecks: before.amount_kopecks,
      ...detail,
    };
    if (!step.ok) {
      await audit(
        actor,
        `transfer-${action === 'credited' ? 'credit' : 'return'}-refused`,
        before.id,
        {
          ...facts,
          reason: step.error.code,
        },
      );
      throw new ApiFailure(step.error);
    }
    // Repeating a step is harmless and answers the transfer as it is (transfers.ts); only a
    // change is recorded.
    if (before.status !== step.value.status) {
      await audit(actor, `transfer-${action}`, before.id, facts);
    }
    const [after] = await search.find({ terminals: null, transferId: before.id }, 1);
    return consoleTransferOf(after!, withSender(actor));
  };

  gate.route(
    'POST',
    '/v1/console/transfers/{transferId}/credit',
    'transfers.credit',
    async (request, _reply, actor) => {
      const before = await inScope(actor, request);
      const step = await deps.steps.credit(before.id, deps.nowMs(), deps.warn);
      return answer(actor, before, step, 'credited', {});
    },
  );

  gate.route(
    'POST',
    '/v1/console/transfers/{transferId}/return',
    'transfers.credit',
    async (request, _reply, actor) => {
      const body = ConsoleTransferReturnSchema.safeParse(request.body);
      if (!body.success) {
        throw new ApiFailure(apiError(400, 'bad-request', body.error.issues[0]?.message ?? ''));
      }
      const before = await inScope(actor, request);
      const step = await deps.steps.returnToSender(
        before.id,
        body.data.reason,
        deps.nowMs(),
        deps.warn,
      );
      return answer(actor, before, step, 'returned', { note: body.data.reason });
    },
  );
}
