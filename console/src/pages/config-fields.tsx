/**
 * Every field of a terminal's configuration a console user may set, as a form: money in
 * rubles, the commission in percent, notes and languages as check boxes, the agent's and the
 * supplier's requisites, letter prices, and the fiscal block when the terminal has one. A field
 * the layer itself sets (rather than inherits) is marked.
 */
import { TAX_SYSTEMS } from '../../../common/central-wire-config.ts';
import { t } from '../i18n.ts';
import { fieldLabel } from '../words-fleet.ts';

export type Values = Record<string, unknown>;

const NOTES_RUBLES = [5, 10, 50, 100, 200, 500, 1_000, 2_000, 5_000];
const LANGUAGES = ['ru', 'en', 'uz', 'tg', 'ky'];
const MONEY = ['paymentKopecksMin', 'paymentKopecksMax', 'commissionKopecksMin'];
const LETTER = ['letterPageKopecks', 'replyBlankKopecks'];
const AGENT = ['name', 'inn', 'address', 'phone', 'operatorName', 'operatorInn', 'operatorPhone'];
const SUPPLIER = ['name', 'inn', 'phone'];
const FISCAL_TEXT = [
  'automatNumber',
  'settlementAddress',
  'settlementPlace',
  'shiftCloseLocalTime',
];
const FISCAL_DAYS = [
  'ofdUnsentDaysWarn',
  'ofdUnsentDaysBlock',
  'fnExpiryDaysWarn',
  'fnExpiryDaysBlock',
];

const toNumber = (text: string, scale: number) =>
  Math.round(Number(text.replace(',', '.')) * scale);
const objectOf = (value: unknown): Values =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Values) : {};

type Props = {
  values: Values;
  overridden: ReadonlySet<string>;
  editable: boolean;
  onChange: (next: Values) => void;
};

function Mark({ field, overridden }: { field: string; overridden: ReadonlySet<string> }) {
  return overridden.has(field) ? null : <span className="muted"> ({t('inherited')})</span>;
}

export function LayerFields({ values, overridden, editable, onChange }: Props) {
  const set = (field: string, value: unknown) => onChange({ ...values, [field]: value });
  const setIn = (field: string, key: string, value: unknown) =>
    set(field, { ...objectOf(values[field]), [key]: value });
  const scaled = (field: string, scale: number, label = fieldLabel(t, field)) => (
    <label key={field}>
      {label}
      <Mark field={field} overridden={overridden} />
      <input
        name={field}
        inputMode="decimal"
        disabled={!editable}
        value={String(Number(values[field] ?? 0) / scale)}
        onChange={(event) => set(field, toNumber(event.target.value, scale))}
      />
    </label>
  );
  const text = (field: string) => (
    <label key={field}>
      {fieldLabel(t, field)}
      <Mark field={field} overridden={overridden} />
      <input
        name={field}
        disabled={!editable}
        value={String(values[field] ?? '')}
        onChange={(event) => set(field, event.target.value)}
      />
    </label>
  );
  const nested = (field: string, key: string) => (
    <label key={`${field}.${key}`}>
      {fieldLabel(t, `${field}.${key}`)}
      <input
        name={`${field}.${key}`}
        disabled={!editable}
        value={String(objectOf(values[field])[key] ?? '')}
        onChange={(event) => setIn(field, key, event.target.value)}
      />
    </label>
  );
  const checks = (
    field: string,
    options: (string | number)[],
    label: (o: string | number) => string,
  ) => {
    const current = Array.isArray(values[field]) ? (values[field] as unknown[]) : [];
    return (
      <fieldset key={field} className="wide" disabled={!editable}>
        <legend>
          {fieldLabel(t, field)}
          <Mark field={field} overridden={overridden} />
        </legend>
        {options.map((option) => (
          <label key={String(option)} className="check">
            <input
              type="checkbox"
              checked={current.includes(option)}
              onChange={(event) =>
                set(
                  field,
                  event.target.checked
                    ? options.filter((o) => o === option || current.includes(o))
                    : current.filter((o) => o !== option),
                )
              }
            />{' '}
            {label(option)}
          </label>
        ))}
      </fieldset>
    );
  };
  const fiscal = values.fiscal === undefined ? null : objectOf(values.fiscal);
  return (
    <form className="form-grid" onSubmit={(event) => event.preventDefault()}>
      {scaled('commissionRateBasisPoints', 100, t('config.commissionPercent'))}
      {MONEY.map((field) => scaled(field, 100))}
      {text('supportPhone')}
      {text('creditingDaysText')}
      {checks(
        'acceptedNotesKopecks',
        NOTES_RUBLES.map((r) => r * 100),
        (k) => `${Number(k) / 100} ₽`,
      )}
      {checks('languages', LANGUAGES, (code) => String(code))}
      {LETTER.map((field) => scaled(field, 100))}
      <h3 className="wide">
        {fieldLabel(t, 'agent')}
        <Mark field="agent" overridden={overridden} />
      </h3>
      {AGENT.map((key) => nested('agent', key))}
      <h3 className="wide">
        {fieldLabel(t, 'supplier')}
        <Mark field="supplier" overridden={overridden} />
      </h3>
      {SUPPLIER.map((key) => nested('supplier', key))}
      {fiscal === null ? null : (
        <>
          <h3 className="wide">
            {fieldLabel(t, 'fiscal')}
            <Mark field="fiscal" overridden={overridden} />
          </h3>
          <label>
            {fieldLabel(t, 'fiscal.mode')}
            <select
              name="fiscal.mode"
              disabled={!editable}
              value={String(fiscal.mode ?? 'registrar')}
              onChange={(event) => setIn('fiscal', 'mode', event.target.value)}
            >
              <option value="registrar">registrar</option>
              <option value="other-party">other-party</option>
            </select>
          </label>
          <label>
            {fieldLabel(t, 'fiscal.taxSystem')}
            <select
              name="fiscal.taxSystem"
              disabled={!editable}
              value={String(fiscal.taxSystem ?? 'usn-income')}
              onChange={(event) => setIn('fiscal', 'taxSystem', event.target.value)}
            >
              {TAX_SYSTEMS.map((system) => (
                <option key={system} value={system}>
                  {system}
                </option>
              ))}
            </select>
          </label>
          {FISCAL_TEXT.map((key) => nested('fiscal', key))}
          {FISCAL_DAYS.map((key) => (
            <label key={key}>
              {fieldLabel(t, `fiscal.${key}`)}
              <input
                name={`fiscal.${key}`}
                inputMode="numeric"
                disabled={!editable}
                value={String(fiscal[key] ?? '')}
                onChange={(event) => setIn('fiscal', key, toNumber(event.target.value, 1))}
              />
            </label>
          ))}
        </>
      )}
    </form>
  );
}
