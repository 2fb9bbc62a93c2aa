/** The language choice, each language in its own name; drafts say they await review. */
import { useApp } from '../app.tsx';
import { LANGUAGES, languageNames, useT } from '../i18n/i18n.ts';

export function LanguagePicker() {
  const { language, setLanguage } = useApp();
  const { t } = useT();
  const note = t('review.note');
  return (
    <div className="languages">
      <fieldset className="language-list">
        <legend>{t('common.language')}</legend>
        {LANGUAGES.map((code) => (
          <button
            key={code}
            type="button"
            lang={code}
            className={code === language ? 'chip current' : 'chip'}
            aria-pressed={code === language}
            onClick={() => setLanguage(code)}
          >
            {languageNames[code]}
          </button>
        ))}
      </fieldset>
      {note === '' ? null : (
        <p className="muted small" data-testid="review-note">
          {note}
        </p>
      )}
    </div>
  );
}
