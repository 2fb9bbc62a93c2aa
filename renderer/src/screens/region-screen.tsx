import { useEffect, useState } from 'react';
import type { Facility, Region } from '../../../common/contract.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { goHomeSafely, loadRegions } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { FilterList } from '../components/filter-list.tsx';
import { Button, Notice, ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../store/kiosk-store.ts';

type Loaded =
  | { kind: 'loading' }
  | { kind: 'failed' }
  | { kind: 'ready'; regions: Region[]; recent: Facility[] };

/** Step 1a: the region, with this kiosk's recent facilities first (usually the one next door). */
export function RegionScreen() {
  const bridge = useBridge();
  const { t } = useT();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on «retry».
  useEffect(() => {
    let live = true;
    void loadRegions(bridge).then((result) => {
      if (!live) return;
      if (result.ok) {
        setLoaded({
          kind: 'ready',
          regions: result.value.regions,
          recent: result.value.recentFacilities,
        });
      } else setLoaded({ kind: 'failed' });
    });
    return () => {
      live = false;
    };
  }, [bridge, attempt]);

  const chooseFacility = (facility: Facility) => {
    useKiosk.getState().chooseFacility(facility);
    useKiosk.getState().go({ kind: 'name' });
  };
  const footer = (
    <Button onClick={() => void goHomeSafely(bridge)} testId="nav-home">
      ← {t('nav.back')}
    </Button>
  );
  return (
    <ScreenFrame title={t('region.title')} step={1} footer={footer} testId="screen-region">
      {loaded.kind === 'loading' && <p className="loading">{t('list.loading')}</p>}
      {loaded.kind === 'failed' && (
        <Notice kind="error" title={t('list.failed')}>
          <Button kind="primary" onClick={() => setAttempt((n) => n + 1)}>
            {t('nav.retry')}
          </Button>
        </Notice>
      )}
      {loaded.kind === 'ready' && (
        <>
          {loaded.recent.length > 0 && (
            <section className="recent">
              <h2 className="section-title">{t('region.recent')}</h2>
              <div className="recent-row" data-testid="recent-facilities">
                {loaded.recent.slice(0, 4).map((facility) => (
                  <button
                    key={facility.id}
                    type="button"
                    className="choice choice-recent"
                    onClick={() => chooseFacility(facility)}
                  >
                    <span className="choice-title">{facility.shortName}</span>
                    <span className="choice-subtitle">{facility.name}</span>
                  </button>
                ))}
              </div>
            </section>
          )}
          <FilterList
            testId="region-list"
            placeholder={t('region.search')}
            items={loaded.regions.map((region) => ({ id: region.id, title: region.name }))}
            onChoose={(id) => {
              const region = loaded.regions.find((item) => item.id === id);
              if (region) useKiosk.getState().go({ kind: 'facility', region });
            }}
          />
        </>
      )}
    </ScreenFrame>
  );
}
