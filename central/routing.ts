/**
 * What happens to a transfer whose recipient moved or was released before it was credited
 * (docs/domain.md §12). Nothing is ever dropped:
 * - moved to another facility: every pending transfer (accepted or sent) follows them: its
 *   facility becomes the new one, and a `followed` route row records from where to where
 *   and which roster record caused it;
 * - released: every pending transfer goes back to its payer at once, through the same
 *   guarded transition as an operator's return (status `returned`, reason
 *   `recipient-released`), with a `returned` route row.
 * A transfer created for someone already released (a kiosk's offline roster is older than
 * the release) is returned the same way in the transaction that creates it.
 *
 * Every function here runs inside the caller's transaction: the roster change and the fate
 * of the money commit together or not at all, and the serializable level (storage/port.ts)
 * orders a roster change against a transfer created at the same moment.
 */
import { type CentralDb, statement } from './db.ts';

export const RELEASED_REASON = 'recipient-released';

export type Routing = {
  /** Pending transfers to `inmateRef` follow it to `toFacilityId`; answers how many. */
  followPending(
    inmateRef: string,
    toFacilityId: string,
    cause: string,
    nowMs: number,
  ): Promise<number>;
  /** Pending transfers to a released `inmateRef` go back to the payers; answers how many. */
  returnPending(inmateRef: string, cause: string, nowMs: number): Promise<number>;
};

type Pending = { id: string; facility_id: string };

export function createRouting(db: CentralDb): Routing {
  const pending = statement(
    db,
    `SELECT id, facility_id FROM transfers WHERE inmate_ref = ? AND status IN ('accepted', 'sent')
       ORDER BY id`,
  );
  const facilityName = statement(db, 'SELECT short_name FROM facilities WHERE id = ?');
  const follow = statement(
    db,
    `UPDATE transfers SET facility_id = ?, facility_name = ?
       WHERE id = ? AND status IN ('accepted', 'sent')`,
  );
  const markReturned = statement(
    db,
    `UPDATE transfers SET status = 'returned', sent_at_ms = COALESCE(sent_at_ms, ?),
       returned_at_ms = ?, return_reason = ? WHERE id = ? AND status IN ('accepted', 'sent')`,
  );
  const record = statement(
    db,
    `INSERT INTO transfer_routes (transfer_id, action, from_facility_id, to_facility_id, cause,
       routed_at_ms) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  return {
    async followPending(inmateRef, toFacilityId, cause, nowMs) {
      const rows = await pending.all<Pending>(inmateRef);
      const moving = rows.filter((row) => row.facility_id !== toFacilityId);
      if (moving.length === 0) return 0;
      const name = (await facilityName.get<{ short_name: string }>(toFacilityId))?.short_name;
      if (name === undefined) return 0; // the roster checked the facility; never reached
      for (const row of moving) {
        if ((await follow.run(toFacilityId, name, row.id)) === 0) continue;
        await record.run(row.id, 'followed', row.facility_id, toFacilityId, cause, nowMs);
      }
      return moving.length;
    },
    async returnPending(inmateRef, cause, nowMs) {
      const rows = await pending.all<Pending>(inmateRef);
      let returned = 0;
      for (const row of rows) {
        if ((await markReturned.run(nowMs, nowMs, RELEASED_REASON, row.id)) === 0) continue;
        await record.run(row.id, 'returned', row.facility_id, null, cause, nowMs);
        returned += 1;
      }
      return returned;
    },
  };
}

/**
 * The hook transfers.ts calls right after inserting a transfer: one addressed to a released
 * person goes back at once (the payer's kiosk knew only an older roster).
 */
export async function returnIfReleased(
  db: CentralDb,
  transferId: string,
  recipientStatus: string,
  facilityId: string,
  nowMs: number,
): Promise<void> {
  if (recipientStatus !== 'released') return;
  await db.run(
    `UPDATE transfers SET status = 'returned', sent_at_ms = COALESCE(sent_at_ms, ?),
       returned_at_ms = ?, return_reason = ? WHERE id = ? AND status = 'accepted'`,
    nowMs,
    nowMs,
    RELEASED_REASON,
    transferId,
  );
  await db.run(
    `INSERT INTO transfer_routes (transfer_id, action, from_facility_id, to_facility_id, cause,
       routed_at_ms) VALUES (?, 'returned', ?, NULL, 'released-before-creation', ?)`,
    transferId,
    facilityId,
    nowMs,
  );
}

export type RouteRow = {
  action: 'followed' | 'returned';
  fromFacilityId: string;
  toFacilityId: string | null;
  cause: string;
  routedAtMs: number;
};

/** A transfer's routing history, oldest first (the CLI and the tests read it). */
export async function routesOf(db: CentralDb, transferId: string): Promise<RouteRow[]> {
  const rows = await db.all<{
    action: RouteRow['action'];
    from_facility_id: string;
    to_facility_id: string | null;
    cause: string;
    routed_at_ms: number;
  }>(
    `SELECT action, from_facility_id, to_facility_id, cause, routed_at_ms FROM transfer_routes
       WHERE transfer_id = ? ORDER BY routed_at_ms, rowid`,
    transferId,
  );
  return rows.map((row) => ({
    action: row.action,
    fromFacilityId: row.from_facility_id,
    toFacilityId: row.to_facility_id,
    cause: row.cause,
    routedAtMs: row.routed_at_ms,
  }));
}
