import { useEffect, useState } from 'react';
import {
  type Facility,
  type ProbedPort,
  type SetupState,
  AgentDetailsSchema,
  PinSchema,
} from '../../../common/contract.ts';
import type { Bridge } from '../bridge/kiosk-bridge.ts';
import { formatRubles } from '../i18n/money-format.ts';
import { beginSetup, type SetupActions, setupActions } from './actions.ts';
import { errorText } from './service-session.ts';

type Step = 'terminal' | 'facilities' | 'agent' | 'devices' | 'tests' | 'pins';
const steps: readonly Step[] = ['terminal', 'facilities', 'agent', 'devices', 'tests', 'pins'];
const titles: Record<Step, string> = {
  terminal: '1. Терминал и регистрация',
  facilities: '2. Учреждения',
  agent: '3. Реквизиты платёжного агента',
  devices: '4. Устройства',
  tests: '5. Проверка устройств',
  pins: '6. PIN-коды',
};

type Props = { bridge: Bridge; onDone(): void; onExit(): void };
type Wizard = { actions: SetupActions; state: SetupState; next(state?: SetupState): void };

/** First start on a fresh data dir: each step is saved in main as soon as it is done. */
export function SetupWizard(props: Props) {
  const [actions, setActions] = useState<SetupActions | null>(null);
  const [state, setState] = useState<SetupState | null>(null);
  const [step, setStep] = useState<Step>('terminal');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void (async () => {
      const begun = await beginSetup(props.bridge);
      if (!begun.ok) return setError(errorText(begun));
      const session = setupActions({
        bridge: props.bridge,
        token: begun.value.token,
        onSessionLost: props.onExit,
      });
      setActions(session);
      const loaded = await session.state();
      if (loaded.ok) setState(loaded.value);
    })();
  }, [props.bridge, props.onExit]);
  if (error !== null || actions === null || state === null) {
    return (
      <div className="service" data-testid="setup-wizard">
        <p>{error ?? 'Загрузка…'}</p>
        <button type="button" className="button" onClick={props.onExit}>
          Выйти
        </button>
      </div>
    );
  }
  const wizard: Wizard = {
    actions,
    state,
    next(saved) {
      if (saved) setState(saved);
      const index = steps.indexOf(step);
      const following = steps[index + 1];
      if (following === undefined) props.onDone();
      else setStep(following);
    },
  };
  return (
    <div className="service" data-testid="setup-wizard">
      <h1>Первый запуск</h1>
      <h2 data-testid="setup-step">{titles[step]}</h2>
      {step === 'terminal' && <TerminalStep wizard={wizard} />}
      {step === 'facilities' && <FacilitiesStep wizard={wizard} />}
      {step === 'agent' && <AgentStep wizard={wizard} />}
      {step === 'devices' && <DevicesStep wizard={wizard} />}
      {step === 'tests' && <TestsStep wizard={wizard} />}
      {step === 'pins' && <PinsStep wizard={wizard} />}
    </div>
  );
}

function useError() {
  return useState<string | null>(null);
}

function ErrorLine(props: { text: string | null }) {
  return props.text ? (
    <p className="notice notice-error" role="alert" data-testid="setup-error">
      {props.text}
    </p>
  ) : null;
}

function NextButton(props: { onClick(): void; label?: string; disabled?: boolean }) {
  return (
    <button
      type="button"
      className="button button-primary"
      data-testid="setup-next"
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.label ?? 'Далее'}
    </button>
  );
}

function TerminalStep({ wizard }: { wizard: Wizard }) {
  const [terminalId, setTerminalId] = useState(wizard.state.terminalId ?? '');
  const [code, setCode] = useState('');
  const [error, setError] = useError();
  const save = async () => {
    if (wizard.state.enrolled && code === '') return wizard.next();
    const result = await wizard.actions.enrol({ terminalId, code });
    if (result.ok) wizard.next(result.value);
    else setError(errorText(result));
  };
  return (
    <div className="service-form">
      <label htmlFor="w-id">Номер терминала</label>
      <input
        id="w-id"
        data-testid="setup-terminal-id"
        value={terminalId}
        onChange={(e) => setTerminalId(e.target.value)}
      />
      <label htmlFor="w-code">Код регистрации</label>
      <input
        id="w-code"
        data-testid="setup-code"
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <ErrorLine text={error} />
      <NextButton onClick={() => void save()} label="Зарегистрировать" />
    </div>
  );
}

function FacilitiesStep({ wizard }: { wizard: Wizard }) {
  const [facilities, setFacilities] = useState<Facility[]>([]);
  const [chosen, setChosen] = useState<Set<string>>(new Set(wizard.state.facilityIds));
  const [filter, setFilter] = useState('');
  const [error, setError] = useError();
  const needle = filter.trim().toLowerCase();
  const shown = facilities
    .filter(
      (facility) =>
        chosen.has(facility.id) ||
        `${facility.id} ${facility.shortName} ${facility.name}`.toLowerCase().includes(needle),
    )
    .slice(0, 200);
  useEffect(() => {
    void wizard.actions.facilities().then((result) => {
      if (result.ok) setFacilities(result.value.facilities);
      else setError(errorText(result));
    });
  }, [wizard.actions, setError]);
  const save = async () => {
    const result = await wizard.actions.saveFacilities([...chosen]);
    if (result.ok) wizard.next(result.value);
    else setError(errorText(result));
  };
  return (
    <div>
      <input
        placeholder="Поиск: ИК-2, Владимир…"
        data-testid="setup-facility-filter"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <p>Выбрано: {chosen.size}</p>
      <div className="service-log">
        {shown.map((facility) => (
          <label key={facility.id} className="service-row">
            <input
              type="checkbox"
              data-testid={`setup-facility-${facility.id}`}
              checked={chosen.has(facility.id)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(facility.id);
                else next.delete(facility.id);
                setChosen(next);
              }}
            />
            {facility.shortName} — {facility.name}
          </label>
        ))}
      </div>
      <ErrorLine text={error} />
      <NextButton onClick={() => void save()} disabled={chosen.size === 0} />
    </div>
  );
}

function AgentStep({ wizard }: { wizard: Wizard }) {
  const initial = wizard.state.agent ?? { name: '', address: '', inn: '', terminalAddress: '' };
  const [agent, setAgent] = useState(initial);
  const [error, setError] = useError();
  const save = async () => {
    const parsed = AgentDetailsSchema.safeParse(agent);
    if (!parsed.success) {
      return setError(
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const result = await wizard.actions.saveAgent(parsed.data);
    if (result.ok) wizard.next(result.value);
    else setError(errorText(result));
  };
  const field = (key: keyof typeof agent, label: string) => (
    <>
      <label htmlFor={`w-${key}`}>{label}</label>
      <input
        id={`w-${key}`}
        data-testid={`setup-agent-${key}`}
        value={agent[key]}
        onChange={(e) => setAgent({ ...agent, [key]: e.target.value })}
      />
    </>
  );
  return (
    <div className="service-form">
      {field('name', 'Наименование')}
      {field('address', 'Юридический адрес')}
      {field('inn', 'ИНН')}
      {field('terminalAddress', 'Адрес установки терминала')}
      <ErrorLine text={error} />
      <NextButton onClick={() => void save()} />
    </div>
  );
}

function DevicesStep({ wizard }: { wizard: Wizard }) {
  const [ports, setPorts] = useState<ProbedPort[] | null>(null);
  const [billAcceptor, setBillAcceptor] = useState(
    wizard.state.devices?.billAcceptor ?? 'emulator',
  );
  const [printer, setPrinter] = useState(wizard.state.devices?.printer ?? 'emulator');
  const [error, setError] = useError();
  const probe = async () => {
    const result = await wizard.actions.probePorts();
    if (!result.ok) return setError(errorText(result));
    setPorts(result.value.ports);
    const ccnet = result.value.ports.find((port) => port.answers === 'ccnet');
    const escpos = result.value.ports.find((port) => port.answers === 'escpos');
    if (ccnet) setBillAcceptor(ccnet.path);
    if (escpos) setPrinter(escpos.path);
  };
  const save = async () => {
    const result = await wizard.actions.saveDevices({ billAcceptor, printer });
    if (result.ok) wizard.next(result.value);
    else setError(errorText(result));
  };
  const options = ['emulator', ...(ports ?? []).map((port) => port.path)];
  return (
    <div>
      <button
        type="button"
        className="button"
        data-testid="setup-probe"
        onClick={() => void probe()}
      >
        Найти устройства
      </button>
      {ports !== null && (
        <ul data-testid="setup-ports">
          {ports.length === 0 && <li>Порты не найдены.</li>}
          {ports.map((port) => (
            <li key={port.path}>
              {port.path}: {port.answers} ({port.detail})
            </li>
          ))}
        </ul>
      )}
      <div className="service-form">
        <label htmlFor="w-acc">Купюроприёмник</label>
        <select id="w-acc" value={billAcceptor} onChange={(e) => setBillAcceptor(e.target.value)}>
          {options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
        <label htmlFor="w-prn">Принтер</label>
        <select id="w-prn" value={printer} onChange={(e) => setPrinter(e.target.value)}>
          {options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      </div>
      <ErrorLine text={error} />
      <NextButton onClick={() => void save()} />
    </div>
  );
}

function TestsStep({ wizard }: { wizard: Wizard }) {
  const [lines, setLines] = useState<string[]>([]);
  const say = (line: string) => setLines((current) => [...current, line]);
  const print = async () => {
    const result = await wizard.actions.testPrint();
    say(result.ok ? 'Тестовая страница напечатана.' : errorText(result));
  };
  const note = async () => {
    say('Вставьте купюру: она будет возвращена.');
    const result = await wizard.actions.testNote();
    say(
      result.ok
        ? `Купюра ${formatRubles(result.value.noteKopecks, 'ru')} распознана${result.value.returned ? ' и возвращена' : ''}.`
        : errorText(result),
    );
  };
  return (
    <div>
      <div className="service-row">
        <button
          type="button"
          className="button"
          data-testid="setup-test-print"
          onClick={() => void print()}
        >
          Тестовая печать
        </button>
        <button
          type="button"
          className="button"
          data-testid="setup-test-note"
          onClick={() => void note()}
        >
          Проверить приём купюры
        </button>
      </div>
      <div data-testid="setup-test-log">
        {lines.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log
          <p key={index}>{line}</p>
        ))}
      </div>
      <NextButton onClick={() => wizard.next()} />
    </div>
  );
}

function PinsStep({ wizard }: { wizard: Wizard }) {
  const [operatorPin, setOperatorPin] = useState('');
  const [collectorPin, setCollectorPin] = useState('');
  const [error, setError] = useError();
  const finish = async () => {
    if (!PinSchema.safeParse(operatorPin).success || !PinSchema.safeParse(collectorPin).success) {
      return setError('PIN — от 4 до 8 цифр.');
    }
    const result = await wizard.actions.finish({ operatorPin, collectorPin });
    if (result.ok) wizard.next(result.value);
    else setError(errorText(result));
  };
  return (
    <div className="service-form">
      <label htmlFor="w-op">PIN оператора</label>
      <input
        id="w-op"
        type="password"
        inputMode="numeric"
        data-testid="setup-operator-pin"
        value={operatorPin}
        onChange={(e) => setOperatorPin(e.target.value)}
      />
      <label htmlFor="w-col">PIN инкассатора</label>
      <input
        id="w-col"
        type="password"
        inputMode="numeric"
        data-testid="setup-collector-pin"
        value={collectorPin}
        onChange={(e) => setCollectorPin(e.target.value)}
      />
      <ErrorLine text={error} />
      <NextButton onClick={() => void finish()} label="Завершить настройку" />
    </div>
  );
}
