import { useEffect, useState } from 'react';
import type { Facility, Region } from '../../../common/contract.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { goHomeSafely, loadFacilities } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { FilterList } from '../components/filter-list.tsx';
import { Button, Notice, ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../store/kiosk-store.ts';

type Loaded = { kind: 'loading' } | { kind: 'failed' } | { kind: 'ready'; facilities: Facility[] };

/** Step 1b: the facility within the region, by short name with the full name under it. */
export function FacilityScreen(props: { region: Region }) {
  const bridge = useBridge();
  const { t } = useT();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on «retry».
  useEffect(() => {
    let live = true;
    void loadFacilities(bridge, props.region.id).then((result) => {
      if (!live) return;
      setLoaded(
        result.ok ? { kind: 'ready', facilities: result.value.facilities } : { kind: 'failed' },
      );
    });
    return () => {
      live = false;
    };
  }, [bridge, props.region.id, attempt]);

  const footer = (
    <>
      <Button onClick={() => useKiosk.getState().go({ kind: 'region' })} testId="nav-back">
        ← {t('nav.back')}
      </Button>
      <Button kind="quiet" onClick={() => void goHomeSafely(bridge)} testId="nav-home">
        {t('nav.startOver')}
      </Button>
    </>
  );
  return (
    <ScreenFrame
      title={t('facility.title')}
      subtitle={props.region.name}
      step={1}
      footer={footer}
      testId="screen-facility"
    >
      {loaded.kind === 'loading' && <p className="loading">{t('list.loading')}</p>}
      {loaded.kind === 'failed' && (
        <Notice kind="error" title={t('list.failed')}>
          <Button kind="primary" onClick={() => setAttempt((n) => n + 1)}>
            {t('nav.retry')}
          </Button>
        </Notice>
      )}
      {loaded.kind === 'ready' && (
        <FilterList
          testId="facility-list"
          placeholder={t('facility.search')}
          items={loaded.facilities.map((facility) => ({
            id: facility.id,
            title: facility.shortName,
            subtitle: `${facility.name}${facility.address ? ` · ${facility.address}` : ''}`,
          }))}
          onChoose={(id) => {
            const facility = loaded.facilities.find((item) => item.id === id);
            if (!facility) return;
            useKiosk.getState().chooseFacility(facility);
            useKiosk.getState().go({ kind: 'name' });
          }}
        />
      )}
    </ScreenFrame>
  );
}
