/**
 * Storage of remote commands (migration 200): one row per command, numbered per terminal
 * 1, 2, 3…, with its signed payload as handed to the kiosk, its status and the file a result
 * brought (logs, a screenshot). The only SQL on terminal_commands and terminal_command_files.
 */
import { COMMAND_STATUSES } from '../../common/console-wire-fleet.ts';
import type { CommandFile } from '../../common/remote-command-wire.ts';
import { type CentralDb, statement } from '../db.ts';

export { COMMAND_STATUSES };
export type CommandStatus = (typeof COMMAND_STATUSES)[number];
/** A command in one of these is finished: nothing a kiosk says later changes it. */
export const FINAL_STATUSES: readonly CommandStatus[] = ['done', 'refused', 'failed', 'expired'];

export type CommandRow = {
  terminalId: string;
  commandId: number;
  kind: string;
  args: unknown;
  status: CommandStatus;
  reason: string | null;
  detail: string | null;
  payload: string;
  signature: string;
  createdBy: string;
  createdAtMs: number;
  expiresAtMs: number;
  deliveredAtMs: number | null;
  acknowledgedAtMs: number | null;
  finishedAtMs: number | null;
  file: { kind: string; byteCount: number } | null;
};

type RawRow = {
  terminal_id: string;
  command_id: number;
  kind: string;
  args: string;
  status: CommandStatus;
  reason: string | null;
  detail: string | null;
  payload: string;
  signature: string;
  created_by: string;
  created_at_ms: number;
  expires_at_ms: number;
  delivered_at_ms: number | null;
  acknowledged_at_ms: number | null;
  finished_at_ms: number | null;
  file_kind: string | null;
  byte_count: number | null;
};

const SELECT = `SELECT c.*, f.kind AS file_kind, f.byte_count FROM terminal_commands c
  LEFT JOIN terminal_command_files f
    ON f.terminal_id = c.terminal_id AND f.command_id = c.command_id`;

function rowOf(raw: RawRow): CommandRow {
  return {
    terminalId: raw.terminal_id,
    commandId: raw.command_id,
    kind: raw.kind,
    args: JSON.parse(raw.args) as unknown,
    status: raw.status,
    reason: raw.reason,
    detail: raw.detail,
    payload: raw.payload,
    signature: raw.signature,
    createdBy: raw.created_by,
    createdAtMs: raw.created_at_ms,
    expiresAtMs: raw.expires_at_ms,
    deliveredAtMs: raw.delivered_at_ms,
    acknowledgedAtMs: raw.acknowledged_at_ms,
    finishedAtMs: raw.finished_at_ms,
    file: raw.file_kind === null ? null : { kind: raw.file_kind, byteCount: raw.byte_count ?? 0 },
  };
}

export type NewCommand = {
  terminalId: string;
  kind: string;
  args: unknown;
  createdBy: string;
  createdAtMs: number;
  expiresAtMs: number;
  /** Builds the signed payload once the command's number is known. */
  sign(commandId: number): { payload: string; signature: string };
};

export type StoredFile = { kind: string; content: string; meta: Record<string, unknown> };

export type CommandStore = {
  create(command: NewCommand): Promise<CommandRow>;
  get(terminalId: string, commandId: number): Promise<CommandRow | null>;
  list(terminalId: string, limit: number): Promise<CommandRow[]>;
  /** Sent, not yet taken by the kiosk, not expired: what the next heartbeat answer carries. */
  pending(terminalId: string, nowMs: number): Promise<CommandRow[]>;
  markDelivered(terminalId: string, commandIds: number[], nowMs: number): Promise<void>;
  /** Open commands past their expiry become `expired`; answers how many. */
  expire(nowMs: number, terminalId?: string): Promise<number>;
  /** Moves an open command to `status`; false when it was already finished (or unknown). */
  finish(update: {
    terminalId: string;
    commandId: number;
    status: CommandStatus;
    reason: string | null;
    detail: string | null;
    atMs: number;
    file: CommandFile | undefined;
  }): Promise<boolean>;
  file(terminalId: string, commandId: number): Promise<StoredFile | null>;
};

export function createCommandStore(db: CentralDb): CommandStore {
  const nextId = statement(
    db,
    'SELECT COALESCE(MAX(command_id), 0) + 1 AS next FROM terminal_commands WHERE terminal_id = ?',
  );
  const insert = statement(
    db,
    `INSERT INTO terminal_commands (terminal_id, command_id, kind, args, status, payload,
       signature, created_by, created_at_ms, expires_at_ms)
     VALUES (?, ?, ?, ?, 'sent', ?, ?, ?, ?, ?)`,
  );
  const one = statement(db, `${SELECT} WHERE c.terminal_id = ? AND c.command_id = ?`);
  const recent = statement(
    db,
    `${SELECT} WHERE c.terminal_id = ? ORDER BY c.command_id DESC LIMIT ?`,
  );
  const open = statement(
    db,
    `${SELECT} WHERE c.terminal_id = ? AND c.status = 'sent' AND c.expires_at_ms > ?
     ORDER BY c.command_id LIMIT 20`,
  );
  const delivered = statement(
    db,
    `UPDATE terminal_commands SET delivered_at_ms = ?
     WHERE terminal_id = ? AND command_id = ? AND delivered_at_ms IS NULL`,
  );
  const putFile = statement(
    db,
    `INSERT INTO terminal_command_files (terminal_id, command_id, kind, content, byte_count,
       meta, received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const getFile = statement(
    db,
    `SELECT kind, content, meta FROM terminal_command_files
     WHERE terminal_id = ? AND command_id = ?`,
  );

  const get = async (terminalId: string, commandId: number) => {
    const raw = await one.get<RawRow>(terminalId, commandId);
    return raw === undefined ? null : rowOf(raw);
  };

  return {
    create(command) {
      return db.transaction(async () => {
        const { next } = (await nextId.get<{ next: number }>(command.terminalId)) ?? { next: 1 };
        const signed = command.sign(next);
        await insert.run(
          command.terminalId,
          next,
          command.kind,
          JSON.stringify(command.args),
          signed.payload,
          signed.signature,
          command.createdBy,
          command.createdAtMs,
          command.expiresAtMs,
        );
        const row = await get(command.terminalId, next);
        if (row === null) throw new Error('command row vanished inside its transaction');
        return row;
      });
    },
    get,
    async list(terminalId, limit) {
      return (await recent.all<RawRow>(terminalId, limit)).map(rowOf);
    },
    async pending(terminalId, nowMs) {
      return (await open.all<RawRow>(terminalId, nowMs)).map(rowOf);
    },
    async markDelivered(terminalId, commandIds, nowMs) {
      for (const commandId of commandIds) await delivered.run(nowMs, terminalId, commandId);
    },
    async expire(nowMs, terminalId) {
      const where = terminalId === undefined ? '' : ' AND terminal_id = ?';
      const params = terminalId === undefined ? [nowMs, nowMs] : [nowMs, nowMs, terminalId];
      return db.run(
        `UPDATE terminal_commands SET status = 'expired', finished_at_ms = ?
         WHERE status IN ('sent', 'acknowledged') AND expires_at_ms <= ?${where}`,
        ...params,
      );
    },
    finish(update) {
      return db.transaction(async () => {
        const current = await get(update.terminalId, update.commandId);
        if (current === null || FINAL_STATUSES.includes(current.status)) return false;
        if (update.status === 'acknowledged') {
          if (current.status !== 'sent') return false;
          await db.run(
            `UPDATE terminal_commands SET status = 'acknowledged', acknowledged_at_ms = ?
             WHERE terminal_id = ? AND command_id = ?`,
            update.atMs,
            update.terminalId,
            update.commandId,
          );
          return true;
        }
        await db.run(
          `UPDATE terminal_commands SET status = ?, reason = ?, detail = ?, finished_at_ms = ?,
             acknowledged_at_ms = COALESCE(acknowledged_at_ms, ?)
           WHERE terminal_id = ? AND command_id = ?`,
          update.status,
          update.reason,
          update.detail,
          update.atMs,
          update.atMs,
          update.terminalId,
          update.commandId,
        );
        if (update.file !== undefined) await storeFile(update);
        return true;
      });
    },
    async file(terminalId, commandId) {
      const raw = await getFile.get<{ kind: string; content: string; meta: string }>(
        terminalId,
        commandId,
      );
      if (raw === undefined) return null;
      return { kind: raw.kind, content: raw.content, meta: JSON.parse(raw.meta) };
    },
  };

  async function storeFile(update: {
    terminalId: string;
    commandId: number;
    atMs: number;
    file: CommandFile | undefined;
  }) {
    const file = update.file;
    if (file === undefined) return;
    const [content, byteCount, meta] =
      file.kind === 'logs'
        ? [
            file.text,
            Buffer.byteLength(file.text, 'utf8'),
            { lineCount: file.lineCount, truncated: file.truncated },
          ]
        : [
            file.pngBase64,
            Buffer.from(file.pngBase64, 'base64').length,
            { widthPx: file.widthPx, heightPx: file.heightPx, method: file.method },
          ];
    await putFile.run(
      update.terminalId,
      update.commandId,
      file.kind,
      content,
      byteCount,
      JSON.stringify(meta),
      update.atMs,
    );
  }
}
