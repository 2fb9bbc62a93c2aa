/**
 * Storage of the console's people: users, sessions and the audit log, on central's storage
 * port (central/storage/port.ts), so it runs on the embedded SQLite and on PostgreSQL alike.
 * A nullable filter is cast (`CAST(? AS TEXT) IS NULL`): PostgreSQL cannot infer the type of
 * a bare parameter compared with NULL.
 */
import { type ConsoleRole, type Scope, ScopeSchema } from '../../common/console-wire.ts';
import { type CentralDb, statement } from '../db.ts';

export type UserRow = {
  userId: string;
  login: string;
  displayName: string;
  email: string | null;
  role: ConsoleRole;
  scope: Scope;
  passwordHash: string;
  totpSecret: string | null;
  totpPendingSecret: string | null;
  totpLastStep: number;
  disabled: boolean;
  createdAtMs: number;
};

export type NewUser = Omit<
  UserRow,
  'totpSecret' | 'totpPendingSecret' | 'totpLastStep' | 'disabled'
>;

export type UserChange = Partial<
  Pick<
    UserRow,
    | 'displayName'
    | 'email'
    | 'role'
    | 'scope'
    | 'passwordHash'
    | 'disabled'
    | 'totpSecret'
    | 'totpPendingSecret'
    | 'totpLastStep'
  >
>;

export type SessionRow = {
  userId: string;
  createdAtMs: number;
  lastSeenMs: number;
  expiresAtMs: number;
};

export type AuditInput = {
  atMs: number;
  userId: string | null;
  login: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
  ip: string;
};

export type AuditRow = AuditInput & { auditId: number };

export type AuditQuery = {
  beforeId: number | null;
  action: string | null;
  login: string | null;
  limit: number;
};

export type UserStore = {
  countUsers(): Promise<number>;
  insertUser(user: NewUser, nowMs: number): Promise<'ok' | 'login-taken'>;
  userById(userId: string): Promise<UserRow | null>;
  userByLogin(login: string): Promise<UserRow | null>;
  listUsers(): Promise<UserRow[]>;
  updateUser(userId: string, change: UserChange, nowMs: number): Promise<void>;
  insertSession(tokenHash: string, session: SessionRow): Promise<void>;
  sessionByHash(tokenHash: string): Promise<SessionRow | null>;
  touchSession(tokenHash: string, lastSeenMs: number): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteUserSessions(userId: string): Promise<void>;
  pruneSessions(nowMs: number, idleMs: number): Promise<void>;
  audit(entry: AuditInput): Promise<void>;
  auditPage(query: AuditQuery): Promise<AuditRow[]>;
};

type RawUser = {
  id: string;
  login: string;
  display_name: string;
  email: string | null;
  role: ConsoleRole;
  scope: string;
  password_hash: string;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number;
  disabled: number;
  created_at_ms: number;
};

function userOf(row: RawUser): UserRow {
  return {
    userId: row.id,
    login: row.login,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    // Written only by this module from a parsed scope; parsed again so a hand edit cannot widen it.
    scope: ScopeSchema.parse(JSON.parse(row.scope)),
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpPendingSecret: row.totp_pending_secret,
    totpLastStep: row.totp_last_step,
    disabled: row.disabled === 1,
    createdAtMs: row.created_at_ms,
  };
}

const COLUMNS: Record<keyof UserChange, string> = {
  displayName: 'display_name',
  email: 'email',
  role: 'role',
  scope: 'scope',
  passwordHash: 'password_hash',
  disabled: 'disabled',
  totpSecret: 'totp_secret',
  totpPendingSecret: 'totp_pending_secret',
  totpLastStep: 'totp_last_step',
};

function columnValue(key: keyof UserChange, value: unknown): string | number | null {
  if (key === 'scope') return JSON.stringify(value);
  if (key === 'disabled') return value === true ? 1 : 0;
  return value as string | number | null;
}

export function createUserStore(db: CentralDb): UserStore {
  const insertUser = statement(
    db,
    `INSERT INTO console_users (id, login, display_name, email, role, scope, password_hash,
       created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (login) DO NOTHING`,
  );
  const byId = statement(db, 'SELECT * FROM console_users WHERE id = ?');
  const byLogin = statement(db, 'SELECT * FROM console_users WHERE login = ?');
  const all = statement(db, 'SELECT * FROM console_users ORDER BY login');
  const count = statement(db, 'SELECT count(*) AS n FROM console_users');
  const insertSession = statement(
    db,
    `INSERT INTO console_sessions (token_hash, user_id, created_at_ms, last_seen_ms,
       expires_at_ms) VALUES (?, ?, ?, ?, ?)`,
  );
  const session = statement(db, 'SELECT * FROM console_sessions WHERE token_hash = ?');
  const touch = statement(db, 'UPDATE console_sessions SET last_seen_ms = ? WHERE token_hash = ?');
  const dropSession = statement(db, 'DELETE FROM console_sessions WHERE token_hash = ?');
  const dropUserSessions = statement(db, 'DELETE FROM console_sessions WHERE user_id = ?');
  const prune = statement(
    db,
    'DELETE FROM console_sessions WHERE expires_at_ms < ? OR last_seen_ms < ?',
  );
  const insertAudit = statement(
    db,
    `INSERT INTO console_audit (at_ms, user_id, login, action, target, detail, ip)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const auditPage = statement(
    db,
    `SELECT * FROM console_audit WHERE (CAST(? AS BIGINT) IS NULL OR id < ?)
       AND (CAST(? AS TEXT) IS NULL OR action = ?) AND (CAST(? AS TEXT) IS NULL OR login = ?)
       ORDER BY id DESC LIMIT ?`,
  );

  return {
    async countUsers() {
      return (await count.get<{ n: number }>())?.n ?? 0;
    },
    async insertUser(user, nowMs) {
      const inserted = await insertUser.run(
        user.userId,
        user.login,
        user.displayName,
        user.email,
        user.role,
        JSON.stringify(user.scope),
        user.passwordHash,
        user.createdAtMs,
        nowMs,
      );
      return inserted === 1 ? 'ok' : 'login-taken';
    },
    async userById(userId) {
      const row = await byId.get<RawUser>(userId);
      return row === undefined ? null : userOf(row);
    },
    async userByLogin(login) {
      const row = await byLogin.get<RawUser>(login);
      return row === undefined ? null : userOf(row);
    },
    async listUsers() {
      return (await all.all<RawUser>()).map(userOf);
    },
    async updateUser(userId, change, nowMs) {
      const keys = (Object.keys(change) as (keyof UserChange)[]).filter(
        (key) => change[key] !== undefined,
      );
      if (keys.length === 0) return;
      // Column names come from the fixed COLUMNS map, never from the request.
      const sets = keys.map((key) => `${COLUMNS[key]} = ?`).join(', ');
      const values = keys.map((key) => columnValue(key, change[key]));
      const sql = `UPDATE console_users SET ${sets}, updated_at_ms = ? WHERE id = ?`;
      await db.run(sql, ...values, nowMs, userId);
    },
    async insertSession(tokenHash, row) {
      await insertSession.run(
        tokenHash,
        row.userId,
        row.createdAtMs,
        row.lastSeenMs,
        row.expiresAtMs,
      );
    },
    async sessionByHash(tokenHash) {
      const row = await session.get<{
        user_id: string;
        created_at_ms: number;
        last_seen_ms: number;
        expires_at_ms: number;
      }>(tokenHash);
      if (row === undefined) return null;
      return {
        userId: row.user_id,
        createdAtMs: row.created_at_ms,
        lastSeenMs: row.last_seen_ms,
        expiresAtMs: row.expires_at_ms,
      };
    },
    async touchSession(tokenHash, lastSeenMs) {
      await touch.run(lastSeenMs, tokenHash);
    },
    async deleteSession(tokenHash) {
      await dropSession.run(tokenHash);
    },
    async deleteUserSessions(userId) {
      await dropUserSessions.run(userId);
    },
    async pruneSessions(nowMs, idleMs) {
      await prune.run(nowMs, nowMs - idleMs);
    },
    async audit(entry) {
      await insertAudit.run(
        entry.atMs,
        entry.userId,
        entry.login,
        entry.action,
        entry.target,
        JSON.stringify(entry.detail),
        entry.ip,
      );
    },
    async auditPage(query) {
      const rows = await auditPage.all<{
        id: number;
        at_ms: number;
        user_id: string | null;
        login: string;
        action: string;
        target: string;
        detail: string;
        ip: string;
      }>(
        query.beforeId,
        query.beforeId,
        query.action,
        query.action,
        query.login,
        query.login,
        query.limit,
      );
      return rows.map((row) => ({
        auditId: row.id,
        atMs: row.at_ms,
        userId: row.user_id,
        login: row.login,
        action: row.action,
        target: row.target,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
        ip: row.ip,
      }));
    },
  };
}
