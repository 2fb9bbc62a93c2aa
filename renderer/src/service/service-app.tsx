import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ServiceEntry, ServiceRole, ServiceSession } from '../../../common/contract.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { FocusKeyboard } from '../keyboard/focus-keyboard.tsx';
import { type OperatorKey, t } from '../i18n/operator.ts';
import { CollectionSection } from './collection-section.tsx';
import { DiagnosticsSection } from './diagnostics-section.tsx';
import { FiscalSection } from './fiscal-section.tsx';
import { JournalSection } from './journal-section.tsx';
import { LogsSection } from './logs-section.tsx';
import { PinScreen } from './pin-screen.tsx';
import { serviceEntry, sessionActions } from './actions.ts';
import { errorText, ServiceContext, type ServiceSessionContext } from './service-session.ts';
import { SettingsSection } from './settings-section.tsx';
import { SetupWizard } from './setup-wizard.tsx';
import './service.css';

type Section = 'diagnostics' | 'collection' | 'fiscal' | 'settings' | 'journal' | 'logs';

const sections: readonly { id: Section; label: OperatorKey; roles: readonly ServiceRole[] }[] = [
  { id: 'diagnostics', label: 'svc.tab.diagnostics', roles: ['operator'] },
  { id: 'collection', label: 'svc.tab.collection', roles: ['operator', 'collector'] },
  { id: 'fiscal', label: 'svc.tab.fiscal', roles: ['operator', 'collector'] },
  { id: 'settings', label: 'svc.tab.settings', roles: ['operator'] },
  { id: 'journal', label: 'svc.tab.journal', roles: ['operator'] },
  { id: 'logs', label: 'svc.tab.logs', roles: ['operator'] },
];

/** Touches main at most this often while the operator works, to keep the session alive. */
const touchEveryMs = 10_000;

/**
 * Service mode: PIN pad (or the first-start wizard on a fresh kiosk), then the sections the
 * role may use. Main owns the session; when it ends (idle, logout) the payer home comes back.
 */
export function ServiceApp(props: { onExit(): void }) {
  return (
    <div className="service-shell">
      <ServiceScreen onExit={props.onExit} />
      <FocusKeyboard />
    </div>
  );
}

function ServiceScreen(props: { onExit(): void }) {
  const bridge = useBridge();
  const { onExit } = props;
  const [entry, setEntry] = useState<ServiceEntry | null>(null);
  const [session, setSession] = useState<ServiceSession | null>(null);
  const [entryError, setEntryError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void serviceEntry(bridge).then((result) => {
      if (!live) return;
      if (result.ok) setEntry(result.value);
      else setEntryError(errorText(result));
    });
    return () => {
      live = false;
    };
  }, [bridge]);
  useEffect(() => bridge.on('service:ended', () => onExit()), [bridge, onExit]);
  const context = useMemo<ServiceSessionContext | null>(
    () =>
      session === null
        ? null
        : { bridge, token: session.token, role: session.role, onSessionLost: onExit },
    [bridge, session, onExit],
  );
  const actions = useMemo(() => (context === null ? null : sessionActions(context)), [context]);
  useEffect(() => {
    if (actions === null) return;
    let lastMs = 0;
    const touch = (event: Event) => {
      if (event.timeStamp - lastMs < touchEveryMs) return;
      lastMs = event.timeStamp;
      void actions.touch();
    };
    document.addEventListener('pointerdown', touch, { capture: true });
    document.addEventListener('keydown', touch, { capture: true });
    return () => {
      document.removeEventListener('pointerdown', touch, { capture: true });
      document.removeEventListener('keydown', touch, { capture: true });
    };
  }, [actions]);
  const logout = useCallback(() => {
    void actions?.logout();
    onExit();
  }, [actions, onExit]);

  if (entryError !== null) {
    return (
      <div className="service" data-testid="service-error">
        <p className="notice notice-error">{t('svc.unavailable', { reason: entryError })}</p>
        <button type="button" className="button" onClick={onExit}>
          {t('svc.exit')}
        </button>
      </div>
    );
  }
  if (entry === null) return <div className="service loading">…</div>;
  if (!entry.available && session === null) {
    return (
      <div className="service" data-testid="service-unavailable">
        <p className="notice notice-warn">{t('svc.depositActive')}</p>
        <button type="button" className="button" onClick={onExit}>
          {t('svc.exit')}
        </button>
      </div>
    );
  }
  if (context === null) {
    if (entry.setupRequired) {
      return <SetupWizard bridge={bridge} onDone={onExit} onExit={onExit} />;
    }
    return <PinScreen bridge={bridge} entry={entry} onSignedIn={setSession} onExit={onExit} />;
  }
  return (
    <ServiceContext.Provider value={context}>
      <ServiceMenu role={context.role} onLogout={logout} />
    </ServiceContext.Provider>
  );
}

function ServiceMenu(props: { role: ServiceRole; onLogout(): void }) {
  const allowed = sections.filter((section) => section.roles.includes(props.role));
  const [current, setCurrent] = useState<Section>(allowed[0]?.id ?? 'collection');
  return (
    <div className="service service-menu" data-testid="service-menu">
      <nav className="service-tabs">
        {allowed.map((section) => (
          <button
            key={section.id}
            type="button"
            className={`button ${section.id === current ? 'button-primary' : ''}`}
            data-testid={`service-tab-${section.id}`}
            onClick={() => setCurrent(section.id)}
          >
            {t(section.label)}
          </button>
        ))}
        <span className="service-role">
          {t(props.role === 'operator' ? 'svc.role.operator' : 'svc.role.collector')}
        </span>
        <button
          type="button"
          className="button button-quiet"
          data-testid="service-exit"
          onClick={props.onLogout}
        >
          {t('svc.exit')}
        </button>
      </nav>
      <section className="service-body">
        {current === 'diagnostics' && <DiagnosticsSection />}
        {current === 'collection' && <CollectionSection />}
        {current === 'fiscal' && <FiscalSection />}
        {current === 'settings' && <SettingsSection />}
        {current === 'journal' && <JournalSection />}
        {current === 'logs' && <LogsSection />}
      </section>
    </div>
  );
}
