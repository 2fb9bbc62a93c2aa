/**
 * Tracking a receipt without a login, for the payer's app: the JSON twin of the receipt's HTML
 * page (`/t/<id>?c=<code>`). The transfer is named by its id, or by its short id (the last 8
 * hex digits an SMS receipt gives when it carries no link), and is shown only with the check
 * code of the receipt it came from. A wrong code answers exactly like an unknown id.
 */
import { normalizeTrackingCode } from '../../common/tracking-code.ts';
import { type CentralDb, statement } from '../db.ts';
import { ApiFailure, apiError } from '../errors.ts';
import { type RouteContext, route } from '../http.ts';
import type { RateLimiter } from '../rate-limit.ts';
import type { TrackingKeys } from '../tracking.ts';
import { publicStatusOf, type TransferStore } from '../transfers.ts';

/** 32 bits of a short id meet a few transfers at most; the code then picks the one. */
const SHORT_ID_CANDIDATES_MAX = 20;
const UUID_CHARS = 36;

export type TrackingDeps = { db: CentralDb; transfers: TransferStore; tracking: TrackingKeys };

export function registerTracking(context: RouteContext, deps: TrackingDeps, limiter: RateLimiter) {
  // substr(id, 29): the last 8 characters of a 36-character id, indexed (migration 190).
  const byShortId = statement(
    deps.db,
    `SELECT id FROM transfers WHERE substr(id, 29) = ? LIMIT ${SHORT_ID_CANDIDATES_MAX}`,
  );
  const shown = async (transferId: string, code: string) => {
    const view = await deps.transfers.get(transferId);
    const owner = view === null ? null : await deps.transfers.ownerOf(view.transferId);
    if (view === null || owner === null) return null;
    return deps.tracking.matches(owner, view.transferId, code) ? view : null;
  };
  route(context, 'GET', '/v1/public/tracking/{reference}', 'none', async (request) => {
    const taken = await limiter.take(`public:${request.ip}`, context.nowMs());
    if (!taken.ok) {
      const seconds = String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000)));
      throw new ApiFailure(apiError(429, 'rate-limited', 'too many requests'), {
        'retry-after': seconds,
      });
    }
    const reference = (request.params as { reference: string }).reference.toLowerCase();
    const code = normalizeTrackingCode((request.query as { c: string }).c);
    const ids =
      code === null
        ? []
        : reference.length === UUID_CHARS
          ? [reference]
          : (await byShortId.all<{ id: string }>(reference)).map((row) => row.id);
    for (const id of ids) {
      const view = await shown(id, code!);
      if (view !== null) return publicStatusOf(view);
    }
    throw new ApiFailure(apiError(404, 'transfer-not-found', 'no transfer with this code'));
  });
}
