import { useState } from 'react';
import type { LogLevel, LogLine } from '../../../common/contract.ts';
import { filesCount } from './operator-words.ts';
import { dateTime, dayStartMs } from './service-format.ts';
import { errorText, useServiceActions } from './service-session.ts';
import { t } from '../i18n/operator.ts';

const levels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'fatal'];

/** Log viewer with filters, and export of logs and the journal to a USB stick directory. */
export function LogsSection() {
  const actions = useServiceActions();
  const [levelMin, setLevelMin] = useState<LogLevel>('warn');
  const [text, setText] = useState('');
  const [day, setDay] = useState('');
  const [lines, setLines] = useState<LogLine[] | null>(null);
  const [target, setTarget] = useState('/media/usb');
  const [message, setMessage] = useState<string | null>(null);

  const load = async () => {
    const fromMs = day === '' ? null : dayStartMs(day);
    const result = await actions.logs({
      levelMin,
      text,
      fromMs,
      toMs: fromMs === null ? null : fromMs + 86_400_000,
    });
    if (result.ok) setLines(result.value.lines);
    else setMessage(errorText(result));
  };
  const exportNow = async () => {
    const result = await actions.exportLogs(target);
    setMessage(
      result.ok
        ? t('svc.logs.exported', {
            folder: result.value.folder,
            files: filesCount(result.value.files.length),
          })
        : errorText(result),
    );
  };

  return (
    <div data-testid="service-logs">
      <h2>{t('svc.logs.title')}</h2>
      <div className="service-row">
        <select
          value={levelMin}
          onChange={(e) => setLevelMin(e.target.value as LogLevel)}
          aria-label={t('svc.logs.level')}
        >
          {levels.map((level) => (
            <option key={level} value={level}>
              {t('svc.logs.levelAndAbove', { level })}
            </option>
          ))}
        </select>
        <input
          placeholder={t('svc.logs.text')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <input
          type="date"
          aria-label={t('svc.date')}
          value={day}
          onChange={(e) => setDay(e.target.value)}
        />
        <button
          type="button"
          className="button"
          data-testid="logs-show"
          onClick={() => void load()}
        >
          {t('svc.logs.show')}
        </button>
      </div>
      {lines !== null && (
        <div className="service-log" data-testid="logs-lines">
          {lines.length === 0 && t('svc.logs.empty')}
          {lines.map((line) => (
            <div key={`${line.file}:${line.timeMs}:${line.raw.length}:${line.message}`}>
              {dateTime(line.timeMs)} [{line.level}] {line.message}
            </div>
          ))}
        </div>
      )}
      <h2>{t('svc.logs.usb')}</h2>
      <div className="service-row">
        <input
          aria-label={t('svc.logs.usbFolder')}
          data-testid="export-target"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
        />
        <button
          type="button"
          className="button"
          data-testid="export-run"
          onClick={() => void exportNow()}
        >
          {t('svc.logs.export')}
        </button>
      </div>
      {message && (
        <p className="notice notice-info" data-testid="logs-message">
          {message}
        </p>
      )}
    </div>
  );
}
