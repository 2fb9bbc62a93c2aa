import note10 from '../../../assets/images/banknote-10.svg';
import note50 from '../../../assets/images/banknote-50.svg';
import note100 from '../../../assets/images/banknote-100.svg';
import note200 from '../../../assets/images/banknote-200.svg';
import note500 from '../../../assets/images/banknote-500.svg';
import note1000 from '../../../assets/images/banknote-1000.svg';
import note2000 from '../../../assets/images/banknote-2000.svg';
import note5000 from '../../../assets/images/banknote-5000.svg';
import { useT } from '../app/use-t.ts';

/** Pictures by denomination in kopecks; a note without a picture is drawn as a labelled box. */
const pictures = new Map<number, string>([
  [1_000, note10],
  [5_000, note50],
  [10_000, note100],
  [20_000, note200],
  [50_000, note500],
  [100_000, note1000],
  [200_000, note2000],
  [500_000, note5000],
]);

export function Banknote(props: { noteKopecks: number; size?: 'small' | 'large' }) {
  const { t, money } = useT();
  const alt = t('note.alt', { value: money(props.noteKopecks) });
  const picture = pictures.get(props.noteKopecks);
  const className = `banknote banknote-${props.size ?? 'large'}`;
  if (picture === undefined) {
    return (
      <span className={`${className} banknote-plain`} role="img" aria-label={alt}>
        {money(props.noteKopecks)}
      </span>
    );
  }
  return <img className={className} src={picture} alt={alt} />;
}
