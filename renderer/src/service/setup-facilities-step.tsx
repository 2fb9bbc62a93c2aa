import { useEffect, useState } from 'react';
import type { Facility } from '../../../common/contract.ts';
import { t } from '../i18n/operator.ts';
import { errorText } from './service-session.ts';
import { ErrorLine, NextButton, useError, type Wizard } from './setup-parts.tsx';

export function FacilitiesStep({ wizard }: { wizard: Wizard }) {
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
        placeholder={t('setup.facilityFilter')}
        data-testid="setup-facility-filter"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <p>{t('setup.chosen', { facilities: t('count.facilities', { count: chosen.size }) })}</p>
      <div className="service-choices">
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
