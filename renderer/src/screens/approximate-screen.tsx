import type { SearchMatch } from '../../../common/contract.ts';
import { confirmRecipient } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../store/kiosk-store.ts';
import { useFooter } from './search-footer.tsx';

type Part = SearchMatch['correctedParts'][number];

/**
 * «Иванов И. И.» as its parts: the surname (which may hold spaces or hyphens) and the
 * initials of the name and patronymic, so a corrected part can be marked.
 */
export function maskedParts(maskedName: string): { part: Part; text: string }[] {
  const words = maskedName.split(' ');
  const initials: string[] = [];
  while (words.length > 1 && /^\S\.$/u.test(words.at(-1) ?? '') && initials.length < 2) {
    initials.unshift(words.pop() ?? '');
  }
  const parts: { part: Part; text: string }[] = [{ part: 'surname', text: words.join(' ') }];
  const [name, patronymic] = initials;
  if (name !== undefined) parts.push({ part: 'name', text: name });
  if (patronymic !== undefined) parts.push({ part: 'patronymic', text: patronymic });
  return parts;
}

/**
 * A match found only by correcting what was typed: shown as such («Найден похожий»), the
 * corrected parts marked, and the payer must confirm it with its own button.
 */
export function ApproximateScreen(props: { match: SearchMatch }) {
  const { t } = useT();
  const footer = useFooter();
  const { match } = props;
  const corrected = new Set(match.correctedParts);
  const parts = match.correctedParts.map((part) => t(`approx.part.${part}`)).join(', ');
  return (
    <ScreenFrame
      title={t('approx.title', { name: match.maskedName })}
      step={4}
      footer={footer}
      testId="screen-approximate"
    >
      <p className="lead">{t('approx.hint', { parts })}</p>
      <div className="recipient-card" data-testid="recipient">
        <p className="recipient-name">
          {maskedParts(match.maskedName).map(({ part, text }, index) => (
            <span key={part}>
              {index > 0 && ' '}
              {corrected.has(part) ? (
                <mark className="corrected" data-testid={`corrected-${part}`}>
                  {text}
                </mark>
              ) : (
                text
              )}
            </span>
          ))}
        </p>
        <p className="recipient-detail">{t('confirm.born', { year: match.birthYear })}</p>
        <p className="recipient-detail">{match.facilityName}</p>
      </div>
      <div className="actions">
        <Button kind="primary" wide onClick={() => confirmRecipient(match)} testId="approx-yes">
          {t('approx.yes')}
        </Button>
        <Button wide onClick={() => useKiosk.getState().go({ kind: 'name' })} testId="confirm-no">
          {t('confirm.no')}
        </Button>
      </div>
    </ScreenFrame>
  );
}
