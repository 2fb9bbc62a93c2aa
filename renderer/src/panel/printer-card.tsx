import type { EmulatorSnapshot } from '../../../common/contract.ts';
import { t } from '../i18n/operator.ts';
import { PanelButton } from './acceptor-card.tsx';
import type { RunCommand } from './panel-client.ts';

type Printer = EmulatorSnapshot['printer'];

/** The receipt printer: paper and cover, the idle-timer test control, and printed receipts. */
export function PrinterCard(props: { printer: Printer | undefined; run: RunCommand }) {
  const { printer, run } = props;
  const coverOpen = printer?.coverOpen ?? false;
  return (
    <section className="panel-card" aria-labelledby="printer-title">
      <h2 id="printer-title">{t('panel.printer')}</h2>
      <p className="panel-state" data-testid="printer-state">
        {t('panel.paper')} <b>{printer?.paper ?? '—'}</b> ·{' '}
        {t(coverOpen ? 'panel.coverOpen' : 'panel.coverClosed')}
        {printer?.offline && ` · ${t('panel.offline')}`}
      </p>
      <div className="panel-row">
        <PanelButton
          label={t('panel.paperOk')}
          onClick={() => run('printer:setState', { paper: 'ok' })}
        />
        <PanelButton
          label={t('panel.paperLow')}
          onClick={() => run('printer:setState', { paper: 'near-end' })}
        />
        <PanelButton
          label={t('panel.paperOut')}
          onClick={() => run('printer:setState', { paper: 'out' })}
        />
        <PanelButton
          label={t(coverOpen ? 'panel.closeCover' : 'panel.openCover')}
          onClick={() => run('printer:setState', { coverOpen: !coverOpen })}
        />
      </div>
      <h3>{t('panel.debug')}</h3>
      <div className="panel-row">
        <PanelButton label={t('panel.expireIdle')} onClick={() => run('test:expireIdle')} />
      </div>
      <h3>{t('panel.receipts')}</h3>
      <ReceiptStrips receipts={printer?.receipts ?? []} />
    </section>
  );
}

/** Each receipt as its paper strip: the rendered PNG, or the text on a paper-coloured strip. */
function ReceiptStrips(props: { receipts: Printer['receipts'] }) {
  if (props.receipts.length === 0) return <p>{t('panel.noReceipts')}</p>;
  return (
    <div className="panel-receipts" data-testid="receipts">
      {props.receipts.map((receipt) => (
        <figure key={receipt.id} className="panel-receipt" data-testid="receipt">
          {receipt.pngDataUrl ? (
            <img
              src={receipt.pngDataUrl}
              alt={t('panel.receipt', { id: receipt.id })}
              className="panel-strip-image"
            />
          ) : (
            <pre className="panel-strip-text">{receipt.text}</pre>
          )}
          <figcaption>
            {t('panel.receipt', { id: receipt.id })}
            {` · ${t(receipt.cut ? 'panel.cut' : 'panel.notCut')}`}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}
