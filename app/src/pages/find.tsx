/**
 * Find a recipient the way the kiosk does, under the same rules central applies to the web
 * channel: region → facility → full surname and name (patronymic optional) + birth year. A
 * look-alike is never offered for choice: the day and month of birth are asked instead, and
 * when even that cannot tell people apart the payer is sent to the facility's office.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import {
  ApiError,
  call,
  type Facility,
  FacilitiesSchema,
  RegionsSchema,
  SearchResponseSchema,
} from '../api.ts';
import { go, useApp } from '../app.tsx';
import { type MessageKey, useT } from '../i18n/i18n.ts';
import { Field, Loading, Notice, Page, Select, useAction, useLoad } from '../ui.tsx';

type Answer = z.infer<typeof SearchResponseSchema>;
type Match = Answer['matches'][number];
type Query = {
  surname: string;
  name: string;
  patronymic: string;
  year: string;
  day: string;
  month: string;
};
const EMPTY: Query = { surname: '', name: '', patronymic: '', year: '', day: '', month: '' };

function searchBody(facilityId: string, query: Query, withDate: boolean) {
  const patronymic = query.patronymic.trim();
  return {
    facilityId,
    surname: query.surname.trim(),
    name: query.name.trim(),
    ...(patronymic === '' ? {} : { patronymic }),
    birthYear: Number(query.year),
    ...(withDate ? { birthDay: Number(query.day), birthMonth: Number(query.month) } : {}),
  };
}

export function FindPage() {
  const { t } = useT();
  const { choose } = useApp();
  const [regionCode, setRegionCode] = useState('');
  const [facilityId, setFacilityId] = useState('');
  const [query, setQuery] = useState<Query>(EMPTY);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const regions = useLoad(() => call('GET', '/v1/regions', RegionsSchema), []);
  const facilities = useLoad(
    () =>
      regionCode === ''
        ? Promise.resolve({ facilities: [] })
        : call('GET', `/v1/facilities?regionCode=${regionCode}`, FacilitiesSchema),
    [regionCode],
  );
  const action = useAction();
  if (regions.data === null) return <Loading failure={regions.failure} />;
  const facilityList = facilities.data?.facilities ?? [];
  const askDate = answer?.lookAlike === 'ask-birth-date';
  const search = (event: FormEvent) => {
    event.preventDefault();
    const withDate = askDate && query.day !== '' && query.month !== '';
    void action.run(async () => {
      try {
        const body = searchBody(facilityId, query, withDate);
        setAnswer(await call('POST', '/v1/inmates/search', SearchResponseSchema, { body }));
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'search-refused')) throw error;
        action.setFailure('find.refused');
      }
    });
  };
  const ready =
    facilityId !== '' &&
    query.surname.trim().length >= 2 &&
    query.name.trim().length >= 2 &&
    /^(19|20)\d{2}$/.test(query.year);
  return (
    <Page title={t('find.title')} back="#/">
      <form className="card form" onSubmit={search}>
        <Notice kind="info">{t('find.rule')}</Notice>
        <PlaceFields
          regions={regions.data.regions}
          facilities={facilityList}
          regionCode={regionCode}
          facilityId={facilityId}
          onRegion={(value) => {
            setRegionCode(value);
            setFacilityId('');
            setAnswer(null);
          }}
          onFacility={(value) => {
            setFacilityId(value);
            setAnswer(null);
          }}
        />
        <NameFields query={query} onChange={setQuery} askDate={askDate} />
        {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
        <button className="primary" type="submit" disabled={action.busy || !ready}>
          {t('find.search')}
        </button>
      </form>
      {answer === null ? null : (
        <Matches
          answer={answer}
          facility={facilityList.find((item) => item.id === facilityId)}
          onChoose={(match, next) => {
            choose({
              inmateRef: match.inmateRef,
              maskedName: match.maskedName,
              birthYear: match.birthYear,
              facilityName: match.facilityName,
              amountKopecks: null,
            });
            go(next === 'letter' ? '#/letter' : '#/pay');
          }}
        />
      )}
    </Page>
  );
}

/** Where: the region, then one of its facilities. */
function PlaceFields(props: {
  regions: { code: string; name: string }[];
  facilities: Facility[];
  regionCode: string;
  facilityId: string;
  onRegion: (code: string) => void;
  onFacility: (id: string) => void;
}) {
  const { t } = useT();
  return (
    <>
      <Select
        label={t('find.region')}
        name="region"
        value={props.regionCode}
        onChange={props.onRegion}
        options={props.regions.map((region) => ({ value: region.code, label: region.name }))}
      />
      <Select
        label={t('find.facility')}
        name="facility"
        value={props.facilityId}
        onChange={props.onFacility}
        options={props.facilities.map((item) => ({ value: item.id, label: item.shortName }))}
      />
    </>
  );
}

/** Who: full surname and name, the patronymic if any, the birth year; the date when asked. */
function NameFields(props: { query: Query; onChange: (query: Query) => void; askDate: boolean }) {
  const { t } = useT();
  const { query } = props;
  const set = (part: keyof Query) => (value: string) => props.onChange({ ...query, [part]: value });
  return (
    <>
      <div className="pair">
        <Field
          label={t('find.surname')}
          name="surname"
          value={query.surname}
          onChange={set('surname')}
        />
        <Field
          label={t('find.firstName')}
          name="firstName"
          value={query.name}
          onChange={set('name')}
        />
      </div>
      <div className="pair">
        <Field
          label={t('find.patronymic')}
          name="patronymic"
          value={query.patronymic}
          onChange={set('patronymic')}
        />
        <Field
          label={t('find.birthYear')}
          name="birthYear"
          inputMode="numeric"
          maxLength={4}
          value={query.year}
          onChange={set('year')}
        />
      </div>
      {props.askDate ? (
        <>
          <Notice kind="warn">{t('find.askDate')}</Notice>
          <div className="pair">
            <Field
              label={t('find.day')}
              name="birthDay"
              inputMode="numeric"
              maxLength={2}
              value={query.day}
              onChange={set('day')}
            />
            <Field
              label={t('find.month')}
              name="birthMonth"
              inputMode="numeric"
              maxLength={2}
              value={query.month}
              onChange={set('month')}
            />
          </div>
        </>
      ) : null}
    </>
  );
}

function Matches(props: {
  answer: Answer;
  facility: Facility | undefined;
  onChoose: (match: Match, next: 'pay' | 'letter') => void;
}) {
  const { t } = useT();
  const choosable = props.answer.matches.filter((match) => match.lookAlike !== true);
  const card = useRef<HTMLDivElement>(null);
  // On a phone the answer is below the form: bring it into view, each new answer.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again for each answer
  useEffect(() => {
    card.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [props.answer]);
  return (
    <div className="card" ref={card}>
      {props.answer.lookAlike === 'cannot-tell-apart' ? (
        <Notice kind="warn">{t('find.cannotTell', { phone: props.facility?.phone ?? '' })}</Notice>
      ) : null}
      {choosable.length === 0 && props.answer.lookAlike === undefined ? (
        <p className="muted">{t('find.none')}</p>
      ) : null}
      {choosable.length === 0 ? null : <h2>{t('find.pick')}</h2>}
      <ul className="rows">
        {choosable.map((match) => (
          <MatchRow key={match.inmateRef} match={match} onChoose={props.onChoose} />
        ))}
      </ul>
    </div>
  );
}

function MatchRow(props: {
  match: Match;
  onChoose: (match: Match, next: 'pay' | 'letter') => void;
}) {
  const { t } = useT();
  const { match } = props;
  return (
    <li className="row">
      <div className="row-main">
        <strong>
          {match.maskedName}, {match.birthYear}
        </strong>
        <span className="muted small">{match.facilityName}</span>
        {match.exact ? null : <span className="muted small">{t('find.corrected')}</span>}
        {match.accountStatus === 'active' ? null : (
          <span className="muted small">
            {t(`find.status.${match.accountStatus}` as MessageKey)}
          </span>
        )}
      </div>
      <button
        type="button"
        className="primary"
        disabled={match.accountStatus !== 'active'}
        onClick={() => props.onChoose(match, 'pay')}
      >
        {t('templates.pay')}
      </button>
      {/* A letter reaches anyone found, the same rules as a payment. */}
      <button
        type="button"
        disabled={match.accountStatus !== 'active'}
        onClick={() => props.onChoose(match, 'letter')}
      >
        {t('find.write')}
      </button>
    </li>
  );
}
