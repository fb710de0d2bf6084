import { useEffect } from 'react';
import { studio } from '../state/studio';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Header } from '../ui/Header/Header';
import { InfoPanel } from '../ui/InfoPanel';
import { NoticeBanner } from '../ui/NoticeBanner';
import { ModelControls } from '../ui/Controls/ModelControls';
import { OpenControls } from '../ui/Controls/OpenControls';
import { PlaneControls } from '../ui/Controls/PlaneControls';
import { DisplayControls } from '../ui/Controls/DisplayControls';
import { RunControls } from '../ui/Controls/RunControls';
import { ViewControls } from '../ui/Controls/ViewControls';
import { ExportControls } from '../ui/Controls/ExportControls';
import { BatchPanel } from '../ui/Batch/BatchPanel';
import { BatchTable } from '../ui/Batch/BatchTable';
import { ComparePanel } from '../ui/Compare/ComparePanel';
import { FinetunePanel } from '../ui/Finetune/FinetunePanel';
import { CompareView } from '../ui/Compare/CompareView';
import { ErrorLegend } from '../ui/Truth/ErrorLegend';
import { MetricsPanel } from '../ui/Truth/MetricsPanel';
import { ObjectsPanel } from '../ui/Objects/ObjectsPanel';
import { TruthControls } from '../ui/Truth/TruthControls';
import { Viewer } from '../ui/Viewer/Viewer';
import { PwaStatus } from '../pwa/PwaStatus';

/** The studio shell: header, controls on the left, the viewer, info on the right. */
export function App() {
  useEffect(() => {
    const showFixtures = new URLSearchParams(window.location.search).get('fixtures') === '1';
    void studio.getState().init({ showFixtures });
    void studio.getState().restoreBatch();
  }, []);
  return (
    <div className="app">
      <Header />
      <PwaStatus />
      <NoticeBanner />
      <ErrorBanner />
      <main className="layout">
        <aside className="sidebar" aria-label="Controls">
          <OpenControls />
          <PlaneControls />
          <ModelControls />
          <RunControls />
          <ViewControls />
          <DisplayControls />
          <TruthControls />
          <ExportControls />
          <ComparePanel />
          <BatchPanel />
          <FinetunePanel />
        </aside>
        <Viewer />
        <aside className="sidebar right" aria-label="Details">
          <InfoPanel />
          <ErrorLegend />
          <MetricsPanel />
          <ObjectsPanel />
        </aside>
      </main>
      <CompareView />
      <BatchTable />
    </div>
  );
}
