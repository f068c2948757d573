import { GitCompareArrows } from 'lucide-react';
import { useStore } from '../../lib/store';
import { EmptyState } from '../../ui/empty-state';
import { ComparePanel } from '../history/index';
import { compareStore } from './compare-store';

/** The Compare view: what changed between a snapshot and live (or two snapshots), streamed as it is found. */
export function CompareView() {
  const c = useStore(compareStore);
  if (!c) {
    return (
      <EmptyState icon={<GitCompareArrows size={26} />} title="Nothing to compare yet">
        Pick a snapshot on the timeline and choose “Compare with live”.
      </EmptyState>
    );
  }
  return <ComparePanel key={c.seq} a={c.a} b={c.b} aLabel={c.aLabel} bLabel={c.bLabel} />;
}
