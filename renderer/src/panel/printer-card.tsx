import type { EmulatorSnapshot } from '../../../common/contract.ts';
import { PanelButton } from './acceptor-card.tsx';
import type { RunCommand } from './panel-client.ts';

type Printer = EmulatorSnapshot['printer'];

/** The receipt printer: paper and cover, the idle-timer test control, and printed receipts. */
export function PrinterCard(props: { printer: Printer | undefined; run: RunCommand }) {
  const { printer, run } = props;
  const coverOpen = printer?.coverOpen ?? false;
  return (
    <section className="panel-card" aria-labelledby="printer-title">
      <h2 id="printer-title">Принтер чеков</h2>
      <p className="panel-state" data-testid="printer-state">
        Бумага: <b>{printer?.paper ?? '—'}</b> · крышка {coverOpen ? 'открыта' : 'закрыта'}
        {printer?.offline && ' · НЕ В СЕТИ'}
      </p>
      <div className="panel-row">
        <PanelButton label="Бумага есть" onClick={() => run('printer:setState', { paper: 'ok' })} />
        <PanelButton
          label="Бумага кончается"
          onClick={() => run('printer:setState', { paper: 'near-end' })}
        />
        <PanelButton label="Бумаги нет" onClick={() => run('printer:setState', { paper: 'out' })} />
        <PanelButton
          label={coverOpen ? 'Закрыть крышку' : 'Открыть крышку'}
          onClick={() => run('printer:setState', { coverOpen: !coverOpen })}
        />
      </div>
      <h3>Отладка</h3>
      <div className="panel-row">
        <PanelButton label="Истечь таймеры простоя" onClick={() => run('test:expireIdle')} />
      </div>
      <h3>Напечатанные чеки</h3>
      <ReceiptStrips receipts={printer?.receipts ?? []} />
    </section>
  );
}

/** Each receipt as its paper strip: the rendered PNG, or the text on a paper-coloured strip. */
function ReceiptStrips(props: { receipts: Printer['receipts'] }) {
  if (props.receipts.length === 0) return <p>Пока ни одного.</p>;
  return (
    <div className="panel-receipts" data-testid="receipts">
      {props.receipts.map((receipt) => (
        <figure key={receipt.id} className="panel-receipt" data-testid="receipt">
          {receipt.pngDataUrl ? (
            <img
              src={receipt.pngDataUrl}
              alt={`Чек № ${receipt.id}`}
              className="panel-strip-image"
            />
          ) : (
            <pre className="panel-strip-text">{receipt.text}</pre>
          )}
          <figcaption>
            Чек № {receipt.id}
            {receipt.cut ? ' · отрезан' : ' · не отрезан'}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}
