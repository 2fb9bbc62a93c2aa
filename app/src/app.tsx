/**
 * The app's frame: language, session, the recipient being paid, hash routes (the page is one
 * file at /app/, so every route works offline from the cached shell) and the navigation — a
 * bottom bar on a phone, a side bar from 900 px wide.
 */
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { session, whenSessionLost } from './api.ts';
import { I18nContext, isLanguage, type Language, type MessageKey, translate } from './i18n/i18n.ts';
import { LoginPage, RecoverPage, RegisterPage } from './pages/auth.tsx';
import { FindPage } from './pages/find.tsx';
import { HistoryPage } from './pages/history.tsx';
import { HomePage } from './pages/home.tsx';
import { LettersPage, LetterWritePage } from './pages/letters.tsx';
import { PayPage } from './pages/pay.tsx';
import { ProfilePage } from './pages/profile.tsx';
import { SupportPage } from './pages/support.tsx';
import { TemplatesPage } from './pages/templates.tsx';
import { TopUpPage, TopUpStatusPage } from './pages/top-up.tsx';
import { TrackPage } from './pages/track.tsx';
import { WalletPage } from './pages/wallet.tsx';

export type Recipient = {
  inmateRef: string;
  maskedName: string;
  birthYear: number;
  facilityName: string;
  amountKopecks: number | null;
};

type AppState = {
  loggedIn: boolean;
  logIn(token: string): void;
  logOut(): void;
  recipient: Recipient | null;
  choose(recipient: Recipient): void;
  language: Language;
  setLanguage(language: Language): void;
};

const AppContext = createContext<AppState | null>(null);
export const useApp = (): AppState => useContext(AppContext)!;

const LANGUAGE_KEY = 'payer-app-language';
const RECIPIENT_KEY = 'payer-app-recipient';

export function go(hash: string): void {
  window.location.hash = hash;
}

function useHash(): string {
  const [hash, setHash] = useState(window.location.hash || '#/');
  useEffect(() => {
    const update = () => setHash(window.location.hash || '#/');
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return hash;
}

function storedRecipient(): Recipient | null {
  try {
    return JSON.parse(sessionStorage.getItem(RECIPIENT_KEY) ?? 'null') as Recipient | null;
  } catch {
    return null;
  }
}

function route(path: string, loggedIn: boolean): ReactNode {
  const [base = '', second] = path.slice(2).split('/');
  if (base === 'track') return <TrackPage transferId={second ?? null} />;
  if (!loggedIn) {
    if (base === 'register') return <RegisterPage />;
    if (base === 'recover') return <RecoverPage />;
    return <LoginPage />;
  }
  switch (base) {
    case 'find':
      return <FindPage />;
    case 'pay':
      return <PayPage />;
    case 'templates':
      return <TemplatesPage />;
    case 'history':
      return (
        <HistoryPage recipientKey={second === undefined ? null : decodeURIComponent(second)} />
      );
    case 'wallet':
      return <WalletPage />;
    case 'top-up':
      return second === undefined ? <TopUpPage /> : <TopUpStatusPage topUpId={second} />;
    case 'profile':
      return <ProfilePage />;
    case 'support':
      return <SupportPage />;
    case 'letter':
      return <LetterWritePage />;
    case 'letters':
      return <LettersPage />;
    default:
      return <HomePage />;
  }
}

const NAV: { hash: string; key: MessageKey; icon: string }[] = [
  { hash: '#/', key: 'nav.home', icon: '⌂' },
  { hash: '#/find', key: 'nav.pay', icon: '➜' },
  { hash: '#/history', key: 'nav.history', icon: '☰' },
  { hash: '#/wallet', key: 'nav.wallet', icon: '₽' },
  { hash: '#/profile', key: 'nav.profile', icon: '☺' },
];

function Navigation(props: { hash: string; t: (key: MessageKey) => string }) {
  const current = `#/${props.hash.slice(2).split(/[/?]/)[0] ?? ''}`;
  return (
    <nav className="nav" aria-label={props.t('app.title')}>
      <a className="nav-brand" href="#/">
        <img src="/app/icon-192.png" alt="" width="36" height="36" />
        <span>{props.t('app.title')}</span>
      </a>
      {NAV.map((item) => (
        <a
          key={item.hash}
          href={item.hash}
          className={current === item.hash ? 'nav-item current' : 'nav-item'}
          aria-current={current === item.hash ? 'page' : undefined}
        >
          <span className="nav-icon" aria-hidden="true">
            {item.icon}
          </span>
          <span>{props.t(item.key)}</span>
        </a>
      ))}
    </nav>
  );
}

export function App() {
  const hash = useHash();
  const [loggedIn, setLoggedIn] = useState(session.get() !== null);
  const [recipient, setRecipient] = useState<Recipient | null>(storedRecipient);
  const [language, setLanguageState] = useState<Language>(() => {
    const stored = localStorage.getItem(LANGUAGE_KEY);
    return isLanguage(stored) ? stored : 'ru';
  });
  useEffect(() => whenSessionLost(() => setLoggedIn(false)), []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const state = useMemo<AppState>(
    () => ({
      loggedIn,
      logIn(token) {
        session.set(token);
        setLoggedIn(true);
      },
      logOut() {
        session.clear();
        sessionStorage.removeItem(RECIPIENT_KEY);
        setLoggedIn(false);
        go('#/');
      },
      recipient,
      choose(next) {
        sessionStorage.setItem(RECIPIENT_KEY, JSON.stringify(next));
        setRecipient(next);
      },
      language,
      setLanguage(next) {
        localStorage.setItem(LANGUAGE_KEY, next);
        setLanguageState(next);
      },
    }),
    [loggedIn, recipient, language],
  );
  const i18n = useMemo(
    () => ({
      language,
      t: (key: MessageKey, params?: Record<string, string | number>) =>
        translate(language, key, params),
    }),
    [language],
  );
  return (
    <AppContext.Provider value={state}>
      <I18nContext.Provider value={i18n}>
        <div className={loggedIn ? 'shell' : 'shell shell-public'}>
          {loggedIn ? <Navigation hash={hash} t={i18n.t} /> : null}
          <main className="content">{route(hash, loggedIn)}</main>
        </div>
      </I18nContext.Provider>
    </AppContext.Provider>
  );
}
