import type { EmulatorSnapshot, FiscalEmulatorAction } from '../../../common/contract.ts';
import { type OperatorKey, t } from '../i18n/operator.ts';
import { PanelButton } from './acceptor-card.tsx';
import type { RunCommand } from './panel-client.ts';

type Fiscal = NonNullable<EmulatorSnapshot['fiscal']>;

const actions: readonly { action: FiscalEmulatorAction; label: OperatorKey }[] = [
  { action: 'paper-out', label: 'panel.fiscal.paperOut' },
  { action: 'paper-in', label: 'panel.fiscal.paperIn' },
  { action: 'cover-open', label: 'panel.fiscal.coverOpen' },
  { action: 'cover-close', label: 'panel.fiscal.coverClose' },
  { action: 'fn-near-expiry', label: 'panel.fiscal.fnNearExpiry' },
  { action: 'fn-full', label: 'panel.fiscal.fnFull' },
  { action: 'fn-ok', label: 'panel.fiscal.fnOk' },
  { action: 'ofd-down', label: 'panel.fiscal.ofdDown' },
  { action: 'ofd-up', label: 'panel.fiscal.ofdUp' },
  { action: 'ofd-age-26d', label: 'panel.fiscal.ofdAge' },
  { action: 'power-off', label: 'panel.fiscal.powerOff' },
  { action: 'power-on', label: 'panel.fiscal.powerOn' },
  { action: 'power-loss-next', label: 'panel.fiscal.powerLossNext' },
  { action: 'clock-24h', label: 'panel.fiscal.clock24h' },
];

/**
 * The emulated fiscal registrar (ФР): its mode, clock, shift, ФН and OFD queue, the faults a
 * person can cause, and its tape, each piece as the paper strip with the fiscal QR code.
 */
export function FiscalCard(props: { fiscal: Fiscal; run: RunCommand }) {
  const { fiscal, run } = props;
  return (
    <section className="panel-card" aria-labelledby="fiscal-title" data-testid="fiscal-card">
      <h2 id="fiscal-title">{t('panel.fiscal.title')}</h2>
      <p className="panel-state" data-testid="fiscal-emulator-state">
        {fiscal.poweredOn ? fiscal.mode : t('panel.fiscal.off')} · {fiscal.clock}
      </p>
      <p className="panel-state">
        {t('panel.fiscal.shift', {
          number: fiscal.shift.number,
          receipts: fiscal.shift.receiptCount,
        })}
        {fiscal.shift.expired && ` · ${t('panel.fiscal.expired')}`}
      </p>
      <p className="panel-state">
        {t('panel.fiscal.fn', {
          number: fiscal.fn.number,
          until: fiscal.fn.validUntil,
          fd: fiscal.fn.lastFdNumber,
          fault: fiscal.fn.fault,
        })}
      </p>
      <p className="panel-state">
        {t('panel.fiscal.ofd', {
          link: fiscal.ofd.link,
          count: fiscal.ofd.queueCount,
          oldest: fiscal.ofd.oldestQueuedAt ?? '—',
        })}
      </p>
      <p className="panel-state">
        {t('panel.paper')} <b>{fiscal.paper}</b> ·{' '}
        {t(fiscal.coverOpen ? 'panel.coverOpen' : 'panel.coverClosed')}
      </p>
      <div className="panel-row">
        {actions.map(({ action, label }) => (
          <PanelButton
            key={action}
            label={t(label)}
            onClick={() => run('fiscal:emulate', { action })}
          />
        ))}
      </div>
      <h3>{t('panel.fiscal.tape')}</h3>
      {fiscal.tape.length === 0 ? (
        <p>{t('panel.noReceipts')}</p>
      ) : (
        <div className="panel-receipts" data-testid="fiscal-tape">
          {fiscal.tape.map((piece) => (
            <figure key={`${piece.id}-${piece.cut}`} className="panel-receipt">
              {piece.pngDataUrl ? (
                <img
                  src={piece.pngDataUrl}
                  alt={t('panel.receipt', { id: piece.id })}
                  className="panel-strip-image"
                />
              ) : (
                <pre className="panel-strip-text">{piece.text}</pre>
              )}
              <figcaption>
                {t('panel.receipt', { id: piece.id })}
                {` · ${t(piece.cut ? 'panel.cut' : 'panel.notCut')}`}
              </figcaption>
            </figure>
          ))}
        </div>
      )}
    </section>
  );
}
