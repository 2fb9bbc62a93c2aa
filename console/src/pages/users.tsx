/** Console users (administrators): create with a role and a scope, change role, disable. */
import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import {
  CONSOLE_ROLES,
  type ConsoleRole,
  type ConsoleUser,
  ConsoleUserSchema,
  type Scope,
} from '../../../common/console-wire.ts';
import type { Session } from '../app.tsx';
import { type ApiProblem, api } from '../api.ts';
import { dateTime } from '../format.ts';
import { t } from '../i18n.ts';
import { useLoad } from '../live.ts';
import { Badge, Loading, Page, Problem } from '../parts.tsx';

const ListSchema = z.object({ users: z.array(ConsoleUserSchema) });

const list = (text: string) =>
  text
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

function scopeText(scope: Scope): string {
  if ('all' in scope) return t('scope.all');
  return [...scope.regions, ...scope.terminals, ...(scope.facilities ?? [])].join(', ') || '—';
}

function CreateForm({ onCreated }: { onCreated: () => void }) {
  const empty = {
    login: '',
    displayName: '',
    email: '',
    password: '',
    regions: '',
    terminals: '',
    facilities: '',
  };
  const [draft, setDraft] = useState(empty);
  const [role, setRole] = useState<ConsoleRole>('viewer');
  const [all, setAll] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const scope: Scope = all
      ? { all: true }
      : {
          regions: list(draft.regions),
          terminals: list(draft.terminals),
          ...(list(draft.facilities).length === 0 ? {} : { facilities: list(draft.facilities) }),
        };
    const body = {
      login: draft.login.trim(),
      displayName: draft.displayName.trim(),
      email: draft.email.trim() === '' ? null : draft.email.trim(),
      role,
      scope,
      password: draft.password,
    };
    const result = await api('/v1/console/users', ConsoleUserSchema, { method: 'POST', body });
    setProblem(result.ok ? null : result.error);
    if (result.ok) {
      setDraft(empty);
      onCreated();
    }
  };
  const text = (key: keyof typeof empty, label: string, type = 'text') => (
    <label key={key}>
      {label}
      <input
        name={key}
        type={type}
        value={draft[key]}
        onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
      />
    </label>
  );
  return (
    <form className="form-grid" onSubmit={(event) => void submit(event)}>
      {text('login', t('login'))}
      {text('displayName', t('displayName'))}
      {text('email', t('email'), 'email')}
      {text('password', t('password'), 'password')}
      <label>
        {t('role')}
        <select value={role} onChange={(event) => setRole(event.target.value as ConsoleRole)}>
          {CONSOLE_ROLES.map((value) => (
            <option key={value} value={value}>
              {t(`role.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={all} onChange={(event) => setAll(event.target.checked)} />
        {t('scope.all')}
      </label>
      {all ? null : text('regions', t('scope.regions'))}
      {all ? null : text('terminals', t('scope.terminals'))}
      {all ? null : text('facilities', t('scope.facilities'))}
      <div className="wide">
        <button type="submit" className="primary">
          {t('createUser')}
        </button>
        <Problem problem={problem} />
      </div>
    </form>
  );
}

function UserRow({
  user,
  self,
  onChanged,
}: {
  user: ConsoleUser;
  self: boolean;
  onChanged: () => void;
}) {
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const change = async (body: Record<string, unknown>) => {
    const path = `/v1/console/users/${encodeURIComponent(user.userId)}`;
    const result = await api(path, ConsoleUserSchema, { method: 'POST', body });
    setProblem(result.ok ? null : result.error);
    if (result.ok) onChanged();
  };
  return (
    <tr>
      <td>
        {user.login}
        <div className="sub">{user.displayName}</div>
      </td>
      <td>{user.email ?? '—'}</td>
      <td>
        <select
          aria-label={`${t('role')} ${user.login}`}
          value={user.role}
          disabled={self}
          onChange={(event) => void change({ role: event.target.value })}
        >
          {CONSOLE_ROLES.map((value) => (
            <option key={value} value={value}>
              {t(`role.${value}`)}
            </option>
          ))}
        </select>
      </td>
      <td>{scopeText(user.scope)}</td>
      <td>{user.totpEnabled ? <Badge tone="ok">TOTP</Badge> : '—'}</td>
      <td>{dateTime(user.createdAtMs)}</td>
      <td>
        {user.disabled ? <Badge tone="muted">{t('disabled')}</Badge> : null}{' '}
        {self ? null : (
          <button type="button" onClick={() => void change({ disabled: !user.disabled })}>
            {user.disabled ? t('enable') : t('disable')}
          </button>
        )}
        <Problem problem={problem} />
      </td>
    </tr>
  );
}

export function UsersPage({ session }: { session: Session }) {
  const users = useLoad(() => api('/v1/console/users', ListSchema), []);
  return (
    <Page title={t('nav.users')}>
      <Problem problem={users.problem} />
      {users.data === null ? (
        <Loading />
      ) : (
        <table className="grid" aria-label={t('nav.users')}>
          <thead>
            <tr>
              <th scope="col">{t('login')}</th>
              <th scope="col">{t('email')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('scope')}</th>
              <th scope="col">{t('totp')}</th>
              <th scope="col">{t('opened')}</th>
              <th scope="col">{t('state')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.users.map((user) => (
              <UserRow
                key={user.userId}
                user={user}
                self={user.userId === session.me.user.userId}
                onChanged={users.reload}
              />
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('createUser')}</h2>
      <CreateForm onCreated={users.reload} />
    </Page>
  );
}
