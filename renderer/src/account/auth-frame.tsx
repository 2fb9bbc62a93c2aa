import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { TypingArea } from '../keyboard/typing-area.tsx';
import { useAccount } from './account-store.ts';
import type { useForm } from './account-ui.tsx';

export function AuthFrame(props: {
  title: string;
  testId: string;
  form: ReturnType<typeof useForm>;
  onSubmit: () => Promise<void>;
  children: React.ReactNode;
}) {
  const { t } = useT();
  const show = useAccount((state) => state.show);
  const footer = (
    <>
      <Button onClick={() => show('entry')} testId="acc-back">
        {t('acc.back')}
      </Button>
      <Button kind="primary" onClick={() => void props.onSubmit()} testId="acc-submit">
        {t('acc.submit')}
      </Button>
    </>
  );
  return (
    <ScreenFrame title={props.title} footer={footer} testId={props.testId}>
      <TypingArea mode="text" onKey={props.form.onKey}>
        {props.children}
      </TypingArea>
    </ScreenFrame>
  );
}
