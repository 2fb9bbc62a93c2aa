import { useCallback, useEffect, useState } from 'react';
import type {
  FiscalPanel,
  FiscalRegistrarView,
  FiscalUnavailableReason,
} from '../../../common/contract.ts';
import { type OperatorKey, t } from '../i18n/operator.ts';
import { dateTime } from './service-format.ts';
import { errorText, useService, useServiceActions } from './service-session.ts';

const stateText = {
  ok: 'svc.fiscal.state.ok',
  warning: 'svc.fiscal.state.warning',
  blocked: 'svc.fiscal.state.blocked',
  offline: 'svc.fiscal.state.offline',
} as const;
const shiftText = {
  open: 'svc.fiscal.shift.open',
  expired: 'svc.fiscal.shift.expired',
  closed: 'svc.fiscal.shift.closed',
} as const;
const phaseText = {
  setup: 'svc.fiscal.phase.setup',
  fiscal: 'svc.fiscal.phase.fiscal',
  closed: 'svc.fiscal.phase.closed',
  archive: 'svc.fiscal.phase.archive',
} as const;
const printingText = {
  idle: 'svc.fiscal.printing.idle',
  busy: 'svc.fiscal.printing.busy',
  'paper-out-waiting': 'svc.fiscal.printing.paper-out-waiting',
  'waiting-continue': 'svc.fiscal.printing.waiting-continue',
} as const;

/** The operator's words for the codes the kiosk sends: refusal reasons, warnings, ФН flags. */
const reasonText: Record<string, OperatorKey> = {
  'fiscal-offline': 'svc.fiscal.reason.fiscal-offline',
  'fiscal-paper-out': 'svc.fiscal.reason.fiscal-paper-out',
  'fiscal-cover-open': 'svc.fiscal.reason.fiscal-cover-open',
  'fiscal-fn-blocked': 'svc.fiscal.reason.fiscal-fn-blocked',
  'fiscal-fn-expired': 'svc.fiscal.reason.fiscal-fn-expired',
  'fiscal-fn-critical': 'svc.fiscal.reason.fiscal-fn-critical',
  'fiscal-ofd-too-old': 'svc.fiscal.reason.fiscal-ofd-too-old',
  'fiscal-shift': 'svc.fiscal.reason.fiscal-shift',
  'fiscal-document-stuck': 'svc.fiscal.reason.fiscal-document-stuck',
  'fiscal-not-confirmed': 'svc.fiscal.reason.fiscal-not-confirmed',
  'fiscal-no-requisites': 'svc.fiscal.reason.fiscal-no-requisites',
} satisfies Record<FiscalUnavailableReason, OperatorKey>;
const warningText: Record<string, OperatorKey> = {
  'fn-expiry-near': 'svc.fiscal.warning.fn-expiry-near',
  'fn-resource-low': 'svc.fiscal.warning.fn-resource-low',
  'fn-memory-near-full': 'svc.fiscal.warning.fn-memory-near-full',
  'ofd-unsent': 'svc.fiscal.warning.ofd-unsent',
  'ofd-timeout': 'svc.fiscal.warning.ofd-timeout',
};
const flagText: Record<string, OperatorKey> = {
  'replace-urgently': 'svc.fiscal.flag.replace-urgently',
  'resource-low': 'svc.fiscal.flag.resource-low',
  'memory-near-full': 'svc.fiscal.flag.memory-near-full',
  'ofd-timeout': 'svc.fiscal.flag.ofd-timeout',
  critical: 'svc.fiscal.flag.critical',
};

/** A code this screen does not know yet (a newer main process) is shown as it is. */
function words(texts: Record<string, OperatorKey>, code: string): string {
  const key = Object.hasOwn(texts, code) ? texts[code] : undefined;
  return key === undefined ? code : t(key);
}

const yesNo = (value: boolean) => t(value ? 'svc.fiscal.yes' : 'svc.fiscal.no');

function age(sinceMs: number | null, nowMs: number): string {
  if (sinceMs === null) return '—';
  const minutesTotal = Math.max(0, Math.floor((nowMs - sinceMs) / 60_000));
  return t('svc.fiscal.age', { hours: Math.floor(minutesTotal / 60), minutes: minutesTotal % 60 });
}

/**
 * The fiscal registrar (ФР) for the operator and the collector: its state and why cash may be
 * stopped, the shift and its age, the ФН and its warnings, the OFD queue, receipts still to
 * issue; the X report and closing the shift; on a kiosk where another party fiscalises, the
 * operator's explicit confirmation. Refreshed every 5 s.
 */
export function FiscalSection() {
  const actions = useServiceActions();
  const [panel, setPanel] = useState<FiscalPanel | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [nowMs, setNowMs] = useState(() => Date.now());
  const refresh = useCallback(async () => {
    const result = await actions.fiscalPanel();
    setNowMs(Date.now());
    if (result.ok) setPanel(result.value);
    else setError(errorText(result));
  }, [actions]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 5_000);
    return () => clearInterval(timer);
  }, [refresh]);

  const xReport = async () => {
    const result = await actions.xReport();
    setError(result.ok ? null : errorText(result));
    setNotice(result.ok ? t('svc.fiscal.xDone') : null);
    await refresh();
  };
  const closeShift = async () => {
    const result = await actions.closeShift();
    setError(result.ok ? null : errorText(result));
    setNotice(
      result.ok
        ? t('svc.fiscal.zDone', {
            shift: result.value.shiftNumber,
            fd: result.value.fdNumber,
            fp: result.value.fiscalSign,
          })
        : null,
    );
    await refresh();
  };

  if (panel === null) return <p>{error ?? t('svc.loading')}</p>;
  return (
    <div data-testid="service-fiscal">
      <h2>{t('svc.fiscal.title')}</h2>
      {error && <p className="notice notice-error">{error}</p>}
      {notice && (
        <p className="notice notice-info" data-testid="fiscal-notice">
          {notice}
        </p>
      )}
      <div className="service-grid">
        <span>{t('svc.fiscal.adapter')}</span>
        <span data-testid="fiscal-adapter">{panel.adapter}</span>
        <span>{t('svc.fiscal.state')}</span>
        <span data-testid="fiscal-state" data-state={panel.state}>
          {t(stateText[panel.state])}
        </span>
        {panel.reason !== null && (
          <>
            <span>{t('svc.fiscal.reason')}</span>
            <span data-testid="fiscal-reason" data-reason={panel.reason}>
              {words(reasonText, panel.reason)} · {panel.detail}
            </span>
          </>
        )}
        {panel.warnings.length > 0 && (
          <>
            <span>{t('svc.fiscal.warnings')}</span>
            <span data-testid="fiscal-warnings">
              {panel.warnings.map((code) => words(warningText, code)).join('; ')}
            </span>
          </>
        )}
        {panel.registrar !== null && (
          <RegistrarLines registrar={panel.registrar} panel={panel} nowMs={nowMs} />
        )}
        {panel.mode === 'registrar' && (
          <>
            <span>{t('svc.fiscal.receipts')}</span>
            <span data-testid="fiscal-receipts">
              {t('svc.fiscal.receiptsLine', {
                pending: panel.receipts.pending,
                held: panel.receipts.held,
                unsent: panel.receipts.unsent,
                oldest: dateTime(panel.receipts.oldestPendingAtMs),
              })}
            </span>
          </>
        )}
      </div>
      {panel.mode === 'registrar' ? (
        <div className="service-row">
          <button type="button" className="button" onClick={() => void refresh()}>
            {t('svc.diag.refresh')}
          </button>
          <button
            type="button"
            className="button"
            data-testid="fiscal-x-report"
            onClick={() => void xReport()}
          >
            {t('svc.fiscal.xReport')}
          </button>
          <button
            type="button"
            className="button"
            data-testid="fiscal-close-shift"
            onClick={() => void closeShift()}
          >
            {t('svc.fiscal.closeShift')}
          </button>
        </div>
      ) : (
        <OtherParty panel={panel} onChanged={setPanel} onError={setError} />
      )}
    </div>
  );
}

function RegistrarLines(props: {
  registrar: FiscalRegistrarView;
  panel: FiscalPanel;
  nowMs: number;
}) {
  const { registrar: r, panel, nowMs } = props;
  return (
    <>
      <span>{t('svc.fiscal.shift')}</span>
      <span data-testid="fiscal-shift">
        {t('svc.fiscal.shiftLine', {
          number: r.shiftNumber,
          state: t(shiftText[r.shift]),
          opened: dateTime(panel.shiftOpenedAtMs),
          age: age(panel.shiftOpenedAtMs, nowMs),
        })}
      </span>
      <span>{t('svc.fiscal.nextChange')}</span>
      <span data-testid="fiscal-next-change">{dateTime(panel.nextShiftChangeAtMs)}</span>
      <span>{t('svc.fiscal.fn')}</span>
      <span data-testid="fiscal-fn">
        {t('svc.fiscal.fnLine', {
          number: r.fn.number,
          phase: t(phaseText[r.fn.phase]),
          until: r.fn.validUntil,
          fd: r.fn.lastFdNumber,
        })}
      </span>
      {r.fn.flags.length > 0 && (
        <>
          <span>{t('svc.fiscal.fnFlags')}</span>
          <span data-testid="fiscal-fn-flags">
            {r.fn.flags.map((code) => words(flagText, code)).join('; ')}
          </span>
        </>
      )}
      <span>{t('svc.fiscal.ofd')}</span>
      <span data-testid="fiscal-ofd">
        {t('svc.fiscal.ofdLine', {
          count: r.ofd.queueCount,
          oldest: r.ofd.oldestQueuedAt ?? '—',
        })}
      </span>
      <span>{t('svc.fiscal.device')}</span>
      <span data-testid="fiscal-device">
        {t('svc.fiscal.deviceLine', {
          paper: t(r.paper === 'ok' ? 'svc.paper.ok' : 'svc.paper.out'),
          cover: yesNo(r.coverOpen),
          printing: t(printingText[r.printing]),
          open: yesNo(r.documentOpen),
        })}
      </span>
      <span>{t('svc.fiscal.clock')}</span>
      <span>{r.clock}</span>
    </>
  );
}

/** KIOSK_FISCAL=none: the party central names, and the operator's explicit confirmation. */
function OtherParty(props: {
  panel: FiscalPanel;
  onChanged(panel: FiscalPanel): void;
  onError(error: string | null): void;
}) {
  const actions = useServiceActions();
  const { role } = useService();
  const party = props.panel.otherParty?.fiscalizedBy ?? null;
  const confirmed = props.panel.otherParty?.confirmed ?? null;
  const answer = async (confirm: boolean) => {
    if (party === null) return;
    const result = await actions.confirmOtherParty({ confirmed: confirm, fiscalizedBy: party });
    if (result.ok) {
      props.onChanged(result.value);
      props.onError(null);
    } else props.onError(errorText(result));
  };
  return (
    <div className="service-span" data-testid="fiscal-other-party">
      <h3>{t('svc.fiscal.otherParty.title')}</h3>
      <p>
        {party === null
          ? t('svc.fiscal.otherParty.none')
          : t('svc.fiscal.otherParty.named', { party })}
      </p>
      <p data-testid="fiscal-other-party-state" data-confirmed={String(confirmed !== null)}>
        {confirmed === null
          ? t('svc.fiscal.otherParty.unconfirmed')
          : t('svc.fiscal.otherParty.confirmed', {
              time: dateTime(confirmed.atMs),
              role: confirmed.role,
              party: confirmed.fiscalizedBy,
            })}
      </p>
      {role === 'operator' && party !== null && (
        <div className="service-row">
          {confirmed === null || confirmed.fiscalizedBy !== party ? (
            <button
              type="button"
              className="button button-primary"
              data-testid="fiscal-confirm-other-party"
              onClick={() => void answer(true)}
            >
              {t('svc.fiscal.otherParty.confirm', { party })}
            </button>
          ) : (
            <button
              type="button"
              className="button"
              data-testid="fiscal-withdraw-other-party"
              onClick={() => void answer(false)}
            >
              {t('svc.fiscal.otherParty.withdraw')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
