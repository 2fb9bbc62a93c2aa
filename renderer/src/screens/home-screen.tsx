import {
  type FiscalUnavailableReason,
  fiscalUnavailableReasons,
  type KioskStatus,
  type Language,
} from '../../../common/contract.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { chooseLanguage } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { Banknote } from '../components/banknote.tsx';
import { type MessageKey, languageNames } from '../i18n/i18n.ts';
import { useKiosk } from '../store/kiosk-store.ts';

/** Every fiscal refusal has its own words (common/contract/fiscal.ts lists them). */
const fiscalReasonKeys = Object.fromEntries(
  fiscalUnavailableReasons.map((reason) => [reason, `status.${reason}` as const]),
) as Record<FiscalUnavailableReason, `status.${FiscalUnavailableReason}`>;

const reasonKeys: Record<string, MessageKey> = {
  starting: 'status.starting',
  'acceptor-unavailable': 'status.acceptor-unavailable',
  'printer-unavailable': 'status.printer-unavailable',
  ...fiscalReasonKeys,
  'operator-blocked': 'status.operator-blocked',
};

const homeNotes = [5_000, 10_000, 50_000, 100_000, 500_000];

/** The attract screen: what this kiosk does, one big action, languages, and help. */
export function HomeScreen() {
  const { t } = useT();
  const status = useKiosk((state) => state.status);
  const go = useKiosk((state) => state.go);
  const available = status?.acceptingPayments ?? false;
  const languages: Language[] = status?.languages ?? ['ru', 'en', 'uz', 'tg', 'ky'];
  return (
    <div className="home" data-testid="home">
      <header className="home-header">
        <div className="home-emblem" aria-hidden="true">
          ₽
        </div>
        <div>
          <h1 className="home-title">{t('app.service')}</h1>
          <p className="home-tagline">{t('app.tagline')}</p>
        </div>
      </header>

      <section className="home-action">
        {available ? (
          <button
            type="button"
            className="button button-primary button-hero"
            onClick={() => go({ kind: 'region' })}
            data-testid="start-payment"
          >
            {t('home.pay')}
            <span className="button-hero-hint">{t('home.payHint')}</span>
          </button>
        ) : (
          <Unavailable status={status} />
        )}
      </section>

      <LanguageChooser languages={languages} />

      <section className="home-steps">
        <ol className="steps">
          <li>{t('home.step1')}</li>
          <li>{t('home.step2')}</li>
          <li>{t('home.step3')}</li>
          <li>{t('home.step4')}</li>
        </ol>
        <div className="home-notes" aria-hidden="true">
          {homeNotes.map((note) => (
            <Banknote key={note} noteKopecks={note} size="small" />
          ))}
        </div>
        <p className="home-no-change">{t('home.noChange')}</p>
        <p className="home-promise">{t('home.promise')}</p>
      </section>

      <footer className="home-footer">
        <div>
          <p className="home-support-label">{t('home.support')}</p>
          <p className="home-support-phone" data-testid="support-phone">
            {status?.support.phone ?? ''}
          </p>
          <p className="home-support-hours">{status?.support.hours ?? ''}</p>
        </div>
        {status && status.terminalId !== 'not-enrolled' && (
          <p className="home-terminal">{t('home.terminal', { id: status.terminalId })}</p>
        )}
      </footer>
    </div>
  );
}

function Unavailable(props: { status: KioskStatus | null }) {
  const { t } = useT();
  const reason = props.status?.unavailableReason ?? 'starting';
  const key = reasonKeys[reason] ?? 'status.other';
  return (
    <div className="home-unavailable" role="status" data-testid="unavailable">
      <p className="home-unavailable-title">{t('status.title')}</p>
      <p className="home-unavailable-text">{t(key)}</p>
      {props.status?.unavailableText !== undefined && (
        <p className="home-unavailable-operator" data-testid="operator-message">
          {props.status.unavailableText}
        </p>
      )}
      {props.status && props.status.support.phone !== '' && (
        <p className="home-unavailable-call">
          {t('status.call', { phone: props.status.support.phone })}
        </p>
      )}
    </div>
  );
}

/** Each language in its own name and script; the current one is marked, not only by colour. */
function LanguageChooser(props: { languages: Language[] }) {
  const bridge = useBridge();
  const { t } = useT();
  const language = useKiosk((state) => state.language);
  return (
    <section className="home-languages" aria-labelledby="home-language-label">
      <h2 id="home-language-label" className="home-section-title">
        {t('home.language')}
      </h2>
      <div className="language-row">
        {props.languages.map((code) => (
          <button
            key={code}
            type="button"
            lang={code}
            className={`language-button${code === language ? ' language-current' : ''}`}
            aria-pressed={code === language}
            onClick={() => void chooseLanguage(bridge, code)}
          >
            {languageNames[code]}
          </button>
        ))}
      </div>
    </section>
  );
}
