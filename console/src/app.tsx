/**
 * The console's frame: who is logged in, the section navigation (keyboard: Alt+1…9, "/" for
 * the page's filter), the language switch, and the hash routes of every page.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { type Me, MeSchema, type Permission } from '../../common/console-wire.ts';
import { z } from 'zod';
import { api, onSessionLost } from './api.ts';
import { setLang, t, useLang, type WordKey } from './i18n.ts';
import { startLive } from './live.ts';
import { AccountPage } from './pages/account.tsx';
import { AlertsPage } from './pages/alerts.tsx';
import { AuditPage } from './pages/audit.tsx';
import { CollectionsPage } from './pages/collections.tsx';
import { ConfigPage } from './pages/config.tsx';
import { FleetPage } from './pages/fleet.tsx';
import { LoginPage } from './pages/login.tsx';
import { TerminalPage } from './pages/terminal.tsx';
import { LayersPage } from './pages/config-layers.tsx';
import { LettersPage } from './pages/letters.tsx';
import { TransfersPage } from './pages/transfers.tsx';
import { UsersPage } from './pages/users.tsx';

type Section = { hash: string; label: WordKey; permission: Permission | null };
const SECTIONS: Section[] = [
  { hash: '#/fleet', label: 'nav.fleet', permission: 'fleet.read' },
  { hash: '#/alerts', label: 'nav.alerts', permission: 'fleet.read' },
  { hash: '#/transfers', label: 'nav.transfers', permission: 'transfers.read' },
  { hash: '#/config', label: 'nav.config', permission: 'fleet.read' },
  { hash: '#/letters', label: 'nav.letters', permission: 'letters.read' },
  { hash: '#/collections', label: 'nav.collections', permission: 'collections.read' },
  { hash: '#/users', label: 'nav.users', permission: 'users.manage' },
  { hash: '#/audit', label: 'nav.audit', permission: 'audit.read' },
  { hash: '#/account', label: 'nav.account', permission: null },
];

function useHash(): string {
  return useSyncExternalStore(
    (listener) => {
      window.addEventListener('hashchange', listener);
      return () => window.removeEventListener('hashchange', listener);
    },
    () => window.location.hash || '#/fleet',
  );
}

export type Session = { me: Me; may: (permission: Permission) => boolean };

function Route({ hash, session }: { hash: string; session: Session }) {
  const [path, ...rest] = hash.slice(2).split('/');
  const arg = decodeURIComponent(rest.join('/'));
  switch (path) {
    case 'terminal':
      return <TerminalPage terminalId={arg} session={session} />;
    case 'alerts':
      return <AlertsPage session={session} />;
    case 'config':
      return <ConfigPage session={session} terminalId={arg === '' ? null : arg} />;
    case 'layers':
      return <LayersPage session={session} layer={arg === '' ? null : arg} />;
    case 'transfers':
      return <TransfersPage session={session} />;
    case 'collections':
      return <CollectionsPage />;
    case 'users':
      return <UsersPage session={session} />;
    case 'audit':
      return <AuditPage />;
    case 'account':
      return <AccountPage session={session} />;
    case 'letters':
      return <LettersPage session={session} />;
    default:
      // Facility staff read no fleet: their start page is their letters.
      return session.may('fleet.read') ? <FleetPage /> : <LettersPage session={session} />;
  }
}

export function App() {
  const lang = useLang();
  const hash = useHash();
  const [me, setMe] = useState<Me | null | 'unknown'>('unknown');
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('appTitle');
  }, [lang]);
  useEffect(() => {
    void api('/v1/console/me', MeSchema).then((result) => setMe(result.ok ? result.value : null));
    return onSessionLost(() => setMe(null));
  }, []);
  const loggedIn = me !== null && me !== 'unknown';
  // The event stream is about terminals: a role that reads no fleet does not open it.
  const live = loggedIn && me.permissions.includes('fleet.read');
  useEffect(() => (live ? startLive(() => setMe(null)) : undefined), [live]);
  const session: Session | null = loggedIn
    ? { me, may: (permission) => me.permissions.includes(permission) }
    : null;
  const sections = SECTIONS.filter(
    (section) => section.permission === null || session?.may(section.permission) === true,
  );
  const onKey = useCallback(
    (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target !== null && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName);
      if (event.altKey && /^[1-9]$/.test(event.key)) {
        const section = sections[Number(event.key) - 1];
        if (section !== undefined) {
          event.preventDefault();
          window.location.hash = section.hash;
        }
      } else if (event.key === '/' && !typing) {
        const filter = document.querySelector<HTMLElement>('[data-filter]');
        if (filter !== null) {
          event.preventDefault();
          filter.focus();
        }
      }
    },
    [sections],
  );
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKey]);

  if (me === 'unknown') return null;
  if (session === null) return <LoginPage onLoggedIn={setMe} />;
  const logout = async () => {
    await api('/v1/console/logout', z.object({ ok: z.boolean() }), { method: 'POST' });
    setMe(null);
  };
  return (
    <div className="shell" key={lang}>
      <nav className="side" aria-label={t('appTitle')}>
        <div className="brand">{t('appTitle')}</div>
        <ul>
          {sections.map((section, index) => (
            <li key={section.hash}>
              <a
                href={section.hash}
                aria-current={hash.startsWith(section.hash) ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${index + 1}`}
              >
                {t(section.label)}
              </a>
            </li>
          ))}
        </ul>
        <div className="side-foot">
          <div className="who">
            {session.me.user.displayName}
            <span className="muted"> · {t(`role.${session.me.user.role}`)}</span>
          </div>
          <button
            type="button"
            className="link"
            onClick={() => setLang(lang === 'ru' ? 'en' : 'ru')}
          >
            {t('language')}
          </button>
          <button type="button" className="link" onClick={() => void logout()}>
            {t('signOut')}
          </button>
          <div className="hint muted">{t('shortcuts')}</div>
        </div>
      </nav>
      <main className="main">
        <Route hash={hash} session={session} />
      </main>
    </div>
  );
}
