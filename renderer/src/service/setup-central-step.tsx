import { useCallback, useEffect, useState } from 'react';
import type { CentralData } from '../../../common/contract.ts';
import { t } from '../i18n/operator.ts';
import { dateTime } from './service-format.ts';
import { errorText } from './service-session.ts';
import { ErrorLine, NextButton, useError, type Wizard } from './setup-parts.tsx';

/**
 * The roster (offline search) and central's terms, fetched before the wizard ends: a kiosk
 * without them cannot search offline nor take payments. Runs by itself, can be retried.
 */
export function CentralStep({ wizard }: { wizard: Wizard }) {
  const [data, setData] = useState<CentralData | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useError();
  const fetchNow = useCallback(async () => {
    setBusy(true);
    setError(null);
    const result = await wizard.actions.syncCentral();
    setBusy(false);
    if (result.ok) setData(result.value);
    else setError(`${errorText(result)} ${t('setup.central.missing')}`);
  }, [wizard.actions, setError]);
  useEffect(() => {
    void fetchNow();
  }, [fetchNow]);
  return (
    <div>
      {busy && <p>{t('setup.central.fetching')}</p>}
      {data !== null && <CentralDataLines data={data} />}
      <ErrorLine text={error} />
      <div className="service-row">
        <button
          type="button"
          className="button"
          data-testid="setup-central-retry"
          disabled={busy}
          onClick={() => void fetchNow()}
        >
          {t('setup.central.retry')}
        </button>
      </div>
      <NextButton onClick={() => wizard.next()} disabled={data === null || busy} />
    </div>
  );
}

/** Versions and ages of the roster and central's terms (wizard and diagnostics). */
export function CentralDataLines({ data }: { data: CentralData }) {
  const rosterVersion = data.roster.generatedAtMs;
  const configVersion = data.config.version;
  return (
    <div className="service-grid" data-testid="central-data">
      <span>{t('svc.central.roster')}</span>
      <span data-testid="central-roster">
        {rosterVersion === null
          ? `${t('svc.central.none')}${data.roster.error ? `: ${data.roster.error}` : ''}`
          : t('svc.central.rosterLine', {
              version: dateTime(rosterVersion),
              fetched: dateTime(data.roster.fetchedAtMs),
            })}
      </span>
      <span>{t('svc.central.config')}</span>
      <span data-testid="central-config">
        {configVersion === null
          ? `${t('svc.central.none')}${data.config.error ? `: ${data.config.error}` : ''}`
          : t('svc.central.configLine', {
              version: configVersion,
              fetched: dateTime(data.config.fetchedAtMs),
            })}
      </span>
      {data.paymentsBlocked !== null && (
        <p className="notice notice-error" data-testid="central-blocked">
          {data.paymentsBlocked === 'no-support-details'
            ? t('svc.central.noSupport', { fields: (data.missingDetails ?? []).join(', ') })
            : t('svc.central.blocked')}
        </p>
      )}
    </div>
  );
}
