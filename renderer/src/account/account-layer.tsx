import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { InmateRecipient } from '../../../common/contract.ts';
import { assertNever } from '../../../common/assert.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { useT } from '../app/use-t.ts';
import { payerSettings } from '../app/idle-policy.ts';
import { useKiosk } from '../store/kiosk-store.ts';
import { CodePage } from './code-page.tsx';
import { EntryPage } from './entry-page.tsx';
import { HistoryPage } from './history-page.tsx';
import { HomePage } from './home-page.tsx';
import { LetterPage } from './letter-page.tsx';
import { LoginPage } from './login-page.tsx';
import { useLogout } from './logout.ts';
import { ProfilePage } from './profile-page.tsx';
import { SupportPage } from './support-page.tsx';
import { TemplatesPage } from './templates-page.tsx';
import { TrackPage } from './track-page.tsx';
import * as actions from './actions.ts';
import { type AccountPage, useAccount } from './account-store.ts';
import { useErrorText } from './account-ui.tsx';
import './account.css';

/** Touches reach main at most this often (main's idle countdown for the session). */
const TOUCH_EVERY_MS = 15_000;
const IDLE_CHECK_MS = 5_000;

/**
 * The account area over the payer screens: while open it replaces them; otherwise it adds the
 * entry buttons on the home screen, "save this recipient" after a payment, and an Exit bar.
 * The only edit to the payer app is wrapping its current screen in this component.
 */
export function AccountLayer(props: { children: ReactNode }) {
  const open = useAccount((state) => state.open);
  useSessionFollowing();
  if (open) return <AccountPageView />;
  return (
    <>
      {props.children}
      <AccountOverlay />
    </>
  );
}

function AccountPageView() {
  const page = useAccount((state) => state.page);
  const loggedIn = useAccount((state) => state.account !== null);
  const shown: AccountPage = !loggedIn && needsLogin(page) ? 'entry' : page;
  switch (shown) {
    case 'entry':
      return <EntryPage />;
    case 'login':
      return <LoginPage />;
    case 'login-code':
    case 'register':
    case 'recover':
      return <CodePage key={shown} flow={shown} />;
    case 'track':
      return <TrackPage />;
    case 'home':
      return <HomePage />;
    case 'templates':
      return <TemplatesPage />;
    case 'history':
      return <HistoryPage />;
    case 'letter':
      return <LetterPage />;
    case 'support':
      return <SupportPage />;
    case 'profile':
      return <ProfilePage />;
    default:
      return assertNever(shown, 'account page');
  }
}

function needsLogin(page: AccountPage): boolean {
  // Support works without an account: someone who lost their phone cannot log in.
  return !['entry', 'login', 'login-code', 'register', 'recover', 'track', 'support'].includes(
    page,
  );
}

/** Main ends sessions (idle, refused); the payer ends them by leaving after a payment. */
function useSessionFollowing() {
  const bridge = useBridge();
  const { t } = useT();
  const lastTouchMs = useRef(0);
  const lastActivityMs = useRef(Date.now());
  useEffect(() => {
    const offEnded = bridge.on('account:ended', () => {
      const state = useAccount.getState();
      if (state.account === null) return;
      state.setAccount(null);
      useKiosk.setState({ letterDraft: null });
      state.setFlash(t('acc.ended'));
      if (state.open) state.show('entry');
    });
    const offScreen = useKiosk.subscribe((next, previous) => {
      const leftSuccess = previous.screen.kind === 'success' && next.screen.kind === 'home';
      if (leftSuccess && useAccount.getState().account !== null) {
        useAccount.getState().setAccount(null);
        void actions.endSessionQuietly(bridge);
      }
    });
    const onActivity = () => {
      const nowMs = Date.now();
      lastActivityMs.current = nowMs;
      if (useAccount.getState().account === null) return;
      if (nowMs - lastTouchMs.current < TOUCH_EVERY_MS) return;
      lastTouchMs.current = nowMs;
      void actions.touchAccount(bridge);
    };
    document.addEventListener('pointerdown', onActivity, { capture: true });
    // A walked-away payer leaves no phone number or half-typed form on the screen: the area
    // closes (its forms unmount) and the session ends, as the payer screens do at idle.
    const idleCheck = setInterval(() => {
      const state = useAccount.getState();
      const { idleTimeoutMs } = payerSettings(useKiosk.getState().status);
      if (!state.open || Date.now() - lastActivityMs.current < idleTimeoutMs) return;
      const wasLoggedIn = state.account !== null;
      state.setAccount(null);
      state.close();
      if (wasLoggedIn) void actions.endSessionQuietly(bridge);
    }, IDLE_CHECK_MS);
    return () => {
      clearInterval(idleCheck);
      offEnded();
      offScreen();
      document.removeEventListener('pointerdown', onActivity, { capture: true });
    };
  }, [bridge, t]);
}

function AccountOverlay() {
  const { t } = useT();
  const screen = useKiosk((state) => state.screen);
  const { account, show } = useAccount();
  const logout = useLogout();
  if (screen.kind === 'home') {
    return (
      <div className="acc-entry-bar">
        <button
          type="button"
          className="button button-secondary"
          data-testid="acc-open"
          onClick={() => show(account === null ? 'entry' : 'home')}
        >
          {t('acc.open')}
        </button>
        <button
          type="button"
          className="button button-quiet"
          data-testid="acc-open-track"
          onClick={() => show('track')}
        >
          {t('acc.track')}
        </button>
      </div>
    );
  }
  if (account === null) return null;
  return (
    <div className="acc-session-bar" data-testid="acc-session-bar">
      <span>{account.phone}</span>
      {screen.kind === 'success' && screen.payment.recipient.kind === 'inmate' && (
        <SaveTemplate
          recipient={screen.payment.recipient}
          acceptedKopecks={screen.payment.acceptedKopecks}
        />
      )}
      <button
        type="button"
        className="button button-quiet"
        data-testid="acc-bar-exit"
        onClick={() => void logout()}
      >
        {t('acc.exit')}
      </button>
    </div>
  );
}

/** After a cash payment to an inmate while logged in: keep them and the amount for next time. */
function SaveTemplate(props: { recipient: InmateRecipient; acceptedKopecks: number }) {
  const bridge = useBridge();
  const { t } = useT();
  const errorText = useErrorText();
  const [state, setState] = useState<'idle' | 'saved' | string>('idle');
  const { recipient, acceptedKopecks } = props;
  const save = async () => {
    const result = await actions.saveTemplate(bridge, {
      label: recipient.maskedName.slice(0, 60),
      inmateRef: recipient.inmateRef,
      amountKopecks: acceptedKopecks > 0 ? acceptedKopecks : null,
    });
    setState(result.ok ? 'saved' : (errorText(result) ?? 'idle'));
  };
  if (state === 'saved') {
    return (
      <span role="status" data-testid="acc-template-saved">
        {t('acc.saved')}
      </span>
    );
  }
  return (
    <>
      <button
        type="button"
        className="button button-primary"
        data-testid="acc-save-template"
        onClick={() => void save()}
      >
        {t('acc.saveTemplate')}
      </button>
      {state !== 'idle' && <span role="alert">{state}</span>}
    </>
  );
}
