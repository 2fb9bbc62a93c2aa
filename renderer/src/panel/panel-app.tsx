import { AcceptorCard } from './acceptor-card.tsx';
import { FiscalCard } from './fiscal-card.tsx';
import { t } from '../i18n/operator.ts';
import { usePanelConnection } from './panel-client.ts';
import { PrinterCard } from './printer-card.tsx';

/**
 * The emulator panel: a separate page (never the kiosk screen) to play the devices — insert
 * notes, jam the acceptor, pull the cassette, run the printer out of paper, cause the fiscal
 * registrar's faults — and to see the cassette, every printed receipt and the registrar's tape
 * as paper strips. Live via emulator:changed.
 */
export function PanelApp() {
  const { connection, snapshot, lastError, run } = usePanelConnection();
  return (
    <div className="panel">
      <header className="panel-header">
        <h1>{t('panel.title')}</h1>
        <span className={`panel-conn panel-conn-${connection}`} data-testid="panel-connection">
          {t(connection === 'open' ? 'panel.connected' : 'panel.connecting')}
        </span>
      </header>
      {lastError && (
        <p className="panel-error" role="alert">
          {lastError}
        </p>
      )}
      <div className="panel-columns">
        <AcceptorCard acceptor={snapshot?.acceptor} run={run} />
        <PrinterCard printer={snapshot?.printer} run={run} />
        {snapshot?.fiscal && <FiscalCard fiscal={snapshot.fiscal} run={run} />}
      </div>
    </div>
  );
}
