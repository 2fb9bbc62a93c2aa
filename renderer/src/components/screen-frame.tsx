import type { ReactNode } from 'react';
import { useT } from '../app/use-t.ts';

/**
 * Every payer screen: a header with the service name and where the payer is, the content, and
 * a footer with the navigation that is safe on this screen (none once money is inside).
 */
export function ScreenFrame(props: {
  title: string;
  step?: number;
  subtitle?: string;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
}) {
  const { t } = useT();
  return (
    <div className="screen" data-testid={props.testId}>
      <header className="screen-header">
        <span className="screen-service">{t('app.service')}</span>
        {props.step !== undefined && (
          <span className="screen-step">{t('nav.step', { n: props.step, total: totalSteps })}</span>
        )}
      </header>
      {/* A long screen must scroll from a keyboard too (axe: scrollable-region-focusable). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region needs focus. */}
      <main className="screen-main" tabIndex={0}>
        <h1 className="screen-title">{props.title}</h1>
        {props.subtitle && <p className="screen-subtitle">{props.subtitle}</p>}
        {props.children}
      </main>
      {props.footer && <footer className="screen-footer">{props.footer}</footer>}
    </div>
  );
}

export const totalSteps = 6;

export function Button(props: {
  children: ReactNode;
  onClick: () => void;
  kind?: 'primary' | 'secondary' | 'quiet';
  disabled?: boolean;
  wide?: boolean;
  testId?: string;
  label?: string;
}) {
  const classes = ['button', `button-${props.kind ?? 'secondary'}`];
  if (props.wide) classes.push('button-wide');
  return (
    <button
      type="button"
      className={classes.join(' ')}
      onClick={props.onClick}
      disabled={props.disabled}
      data-testid={props.testId}
      aria-label={props.label}
    >
      {props.children}
    </button>
  );
}

export function Notice(props: {
  kind: 'info' | 'warn' | 'error';
  title?: string;
  children: ReactNode;
}) {
  return (
    <div
      className={`notice notice-${props.kind}`}
      role={props.kind === 'info' ? 'status' : 'alert'}
    >
      {props.title && <p className="notice-title">{props.title}</p>}
      <div className="notice-body">{props.children}</div>
    </div>
  );
}
