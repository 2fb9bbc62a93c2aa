/**
 * Find a recipient the way the kiosk does, under the same rules central applies to the web
 * channel: region → facility → full surname and name (patronymic optional) + birth year. A
 * look-alike is never offered for choice: the day and month of birth are asked instead, and
 * when even that cannot tell people apart the payer is sent to the facility's office.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { ApiError, call, FacilitiesSchema, RegionsSchema, SearchResponseSchema } from '../api.ts';
import { go, useApp } from '../app.tsx';
import { type MessageKey, useT } from '../i18n/i18n.ts';
import { Field, Loading, Notice, Page, Select, useAction, useLoad } from '../ui.tsx';

type Answer = z.infer<typeof SearchResponseSchema>;

export function FindPage() {
  const { t } = useT();
  const { choose } = useApp();
  const [regionCode, setRegionCode] = useState('');
  const [facilityId, setFacilityId] = useState('');
  const [surname, setSurname] = useState('');
  const [name, setName] = useState('');
  const [patronymic, setPatronymic] = useState('');
  const [year, setYear] = useState('');
  const [day, setDay] = useState('');
  const [month, setMonth] = useState('');
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
  const facility = facilities.data?.facilities.find((item) => item.id === facilityId);

  const search = (event: FormEvent) => {
    event.preventDefault();
    const asked = answer?.lookAlike === 'ask-birth-date' && day !== '' && month !== '';
    void action.run(async () => {
      try {
        const found = await call('POST', '/v1/inmates/search', SearchResponseSchema, {
          body: {
            facilityId,
            surname: surname.trim(),
            name: name.trim(),
            ...(patronymic.trim() === '' ? {} : { patronymic: patronymic.trim() }),
            birthYear: Number(year),
            ...(asked ? { birthDay: Number(day), birthMonth: Number(month) } : {}),
          },
        });
        setAnswer(found);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'search-refused') {
          action.setFailure('find.refused');
          return;
        }
        throw error;
      }
    });
  };

  const ready = facilityId !== '' && surname.trim().length >= 2 && name.trim().length >= 2;
  const yearOk = /^(19|20)\d{2}$/.test(year);
  return (
    <Page title={t('find.title')} back="#/">
      <form className="card form" onSubmit={search}>
        <Notice kind="info">{t('find.rule')}</Notice>
        <Select
          label={t('find.region')}
          name="region"
          value={regionCode}
          onChange={(value) => {
            setRegionCode(value);
            setFacilityId('');
            setAnswer(null);
          }}
          options={regions.data.regions.map((region) => ({
            value: region.code,
            label: region.name,
          }))}
        />
        <Select
          label={t('find.facility')}
          name="facility"
          value={facilityId}
          onChange={(value) => {
            setFacilityId(value);
            setAnswer(null);
          }}
          options={(facilities.data?.facilities ?? []).map((item) => ({
            value: item.id,
            label: item.shortName,
          }))}
        />
        <div className="pair">
          <Field label={t('find.surname')} name="surname" value={surname} onChange={setSurname} />
          <Field label={t('find.firstName')} name="firstName" value={name} onChange={setName} />
        </div>
        <div className="pair">
          <Field
            label={t('find.patronymic')}
            name="patronymic"
            value={patronymic}
            onChange={setPatronymic}
          />
          <Field
            label={t('find.birthYear')}
            name="birthYear"
            inputMode="numeric"
            maxLength={4}
            value={year}
            onChange={setYear}
          />
        </div>
        {answer?.lookAlike === 'ask-birth-date' ? (
          <>
            <Notice kind="warn">{t('find.askDate')}</Notice>
            <div className="pair">
              <Field
                label={t('find.day')}
                name="birthDay"
                inputMode="numeric"
                maxLength={2}
                value={day}
                onChange={setDay}
              />
              <Field
                label={t('find.month')}
                name="birthMonth"
                inputMode="numeric"
                maxLength={2}
                value={month}
                onChange={setMonth}
              />
            </div>
          </>
        ) : null}
        {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
        <button className="primary" type="submit" disabled={action.busy || !ready || !yearOk}>
          {t('find.search')}
        </button>
      </form>
      {answer === null ? null : (
        <Matches
          answer={answer}
          facilityPhone={facility?.phone ?? ''}
          onChoose={(match) => {
            choose({
              inmateRef: match.inmateRef,
              maskedName: match.maskedName,
              birthYear: match.birthYear,
              facilityName: match.facilityName,
              amountKopecks: null,
            });
            go('#/pay');
          }}
        />
      )}
    </Page>
  );
}

function Matches(props: {
  answer: Answer;
  facilityPhone: string;
  onChoose: (match: Answer['matches'][number]) => void;
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
        <Notice kind="warn">{t('find.cannotTell', { phone: props.facilityPhone })}</Notice>
      ) : null}
      {choosable.length === 0 && props.answer.lookAlike === undefined ? (
        <p className="muted">{t('find.none')}</p>
      ) : null}
      {choosable.length === 0 ? null : (
        <>
          <h2>{t('find.pick')}</h2>
          <ul className="rows">
            {choosable.map((match) => (
              <li key={match.inmateRef} className="row">
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
                  onClick={() => props.onChoose(match)}
                >
                  {t('templates.pay')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
