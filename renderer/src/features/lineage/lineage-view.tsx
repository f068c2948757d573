import { Background, BackgroundVariant, MarkerType, ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type Node } from '@xyflow/react';
import { ArrowUpDown, Crosshair, FolderOpen, Maximize, Minus, Network, Plus, Trash2 } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Lineage, Mount } from '../../../../shared/domain';
import { getClient } from '../../client/index';
import { appStore, openFolder, setView, showLineage } from '../../app/app-store';
import { useMounts, usePlace, useVolumes } from '../../app/use-place';
import { toErrorInfo } from '../../lib/errors';
import { plural } from '../../lib/format';
import { useStore } from '../../lib/store';
import { useCall } from '../../lib/use-query';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { IconButton } from '../../ui/icon-button';
import { Spinner } from '../../ui/spinner';
import { reportError } from '../errors/toast-store';
import { openPlan } from '../plans/plan-store';
import { browseSnapshot } from '../timeline/snapshot-actions';
import { layoutLineage, type GraphEdge, type GraphNode } from './lineage-layout';

import { LineageNodeView, type LineageNodeData } from './lineage-node';

/** Below this zoom node labels get too small to read at a glance. */
const READABLE_ZOOM = 0.85;

const nodeTypes = { lineage: LineageNodeView };

const EDGE_STYLE: Record<GraphEdge['kind'], { stroke: string; dash?: string; label?: string }> = {
  'snapshot-of': { stroke: 'var(--c-snapshot)' },
  'clone-of': { stroke: 'var(--c-clone)', label: 'clone' },
  'received-from': { stroke: 'var(--c-accent)', dash: '6 4', label: 'received' },
  child: { stroke: 'var(--c-line-strong)', dash: '3 4' },
  more: { stroke: 'var(--c-line-strong)', dash: '3 4' },
};

/** Promote capability for a filesystem kind (from any mount of that kind). */
function promoteCapability(mounts: readonly Mount[], fs: string | undefined) {
  const m = mounts.find((x) => x.kind === fs);
  return m ? m.capabilities.promote : { ok: false, reason: 'No mounted filesystem of this kind' };
}

export function planPromote(id: string, label: string): void {
  openPlan({ title: `Promote ${label}`, load: () => getClient().call('planPromote', { target: id }) });
}

export function planDestroy(id: string, label: string): void {
  openPlan({ title: `Destroy ${label}`, widenable: true, load: (o) => getClient().call('planDestroy', { target: id, ...o }) });
}

/** The lineage view: datasets / subvolumes, their snapshots and clones, centred on one volume. */
export function LineageView() {
  const pref = useStore(appStore, (s) => s.lineageFocus);
  const { volume } = usePlace();
  const target = pref ?? volume?.id ?? null;
  const q = useCall('lineage', target ? { target } : null);
  if (!target) {
    return (
      <EmptyState icon={<Network size={26} />} title="No volume selected">
        Choose a dataset or subvolume in the sidebar to see its snapshots, clones and what depends on what.
      </EmptyState>
    );
  }
  if (q.status === 'loading' && !q.data) {
    return (
      <div className="flex h-full items-center justify-center gap-2 text-fg-muted">
        <Spinner /> Walking origins and snapshots…
      </div>
    );
  }
  if (!q.data) {
    const err = toErrorInfo(q.error);
    return (
      <EmptyState
        icon={<Network size={26} />}
        tone={err.code === 'NOT_SUPPORTED' ? 'neutral' : 'danger'}
        title={err.code === 'NOT_SUPPORTED' ? 'Lineage is not available here' : 'Could not read the lineage'}
        actions={<Button onClick={q.refetch}>Try again</Button>}
      >
        {err.message}
      </EmptyState>
    );
  }
  return (
    <ReactFlowProvider>
      <LineageGraph lineage={q.data} refreshing={q.fetching} />
    </ReactFlowProvider>
  );
}

function LineageGraph({ lineage, refreshing }: { lineage: Lineage; refreshing: boolean }) {
  const [layout, setLayout] = useState<{ nodes: GraphNode[]; edges: GraphEdge[] } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const { mounts } = useMounts();
  const { volumes } = useVolumes();
  const flow = useReactFlow();

  useEffect(() => {
    let alive = true;
    layoutLineage(lineage).then(
      (l) => alive && setLayout(l),
      (e) => reportError('Could not lay out the lineage graph', e),
    );
    return () => {
      alive = false;
    };
  }, [lineage]);

  const nodes: Node<LineageNodeData>[] = useMemo(
    () =>
      (layout?.nodes ?? []).map((g) => ({
        id: g.id,
        type: 'lineage',
        position: { x: g.x, y: g.y },
        width: g.width,
        height: g.height,
        selected: g.id === selected,
        selectable: g.kind !== 'more',
        data: {
          g,
          promote: g.kind === 'clone' ? promoteCapability(mounts, g.source?.fs) : null,
          onPromote: (id: string) => planPromote(id, g.label),
          onDestroy: (id: string) => planDestroy(id, g.label),
        },
        ariaLabel: `${g.kind} ${g.label}`,
      })),
    [layout, selected, mounts],
  );
  const edges: Edge[] = useMemo(
    () =>
      (layout?.edges ?? []).map((e) => {
        const st = EDGE_STYLE[e.kind];
        return {
          id: e.id,
          source: e.from,
          target: e.to,
          type: 'smoothstep',
          animated: e.kind === 'clone-of',
          label: st.label,
          labelStyle: { fill: st.stroke, fontSize: 10.5, fontWeight: 600 },
          labelBgStyle: { fill: 'var(--c-window)' },
          style: { stroke: st.stroke, strokeWidth: e.kind === 'clone-of' ? 2 : 1.5, strokeDasharray: st.dash },
          markerEnd: { type: MarkerType.ArrowClosed, color: st.stroke, width: 16, height: 16 },
          data: { kind: e.kind },
        };
      }),
    [layout],
  );

  // Centre the focused volume once a layout is ready.
  useEffect(() => {
    if (!layout) return;
    const f = layout.nodes.find((n) => n.focus);
    requestAnimationFrame(() => {
      // Everything when it fits at a readable size (node text is 11–12 px at zoom 1). Otherwise a readable zoom,
      // the graph from its left edge (roots first) when the focused node is then in view, else around the focus.
      void flow.fitView({ padding: 0.12, maxZoom: 1.1, duration: 0 }).then(() => {
        const el = canvasRef.current;
        if (!f || !el || flow.getZoom() >= READABLE_ZOOM) return;
        const z = READABLE_ZOOM;
        const [w, h] = [el.clientWidth / z, el.clientHeight / z];
        const minX = Math.min(...layout.nodes.map((n) => n.x));
        let left = minX - 24 / z;
        if (f.x + f.width > left + w - 24 / z) left = f.x + f.width / 2 - w / 2;
        void flow.setViewport({ x: -left * z, y: (h / 2 - (f.y + f.height / 2)) * z, zoom: z }, { duration: 0 });
      });
    });
  }, [layout, flow]);

  const sel = layout?.nodes.find((n) => n.id === selected) ?? null;
  const selVolume = sel ? volumes.find((v) => v.id === sel.id) : undefined;
  const openSelected = async () => {
    if (!sel) return;
    if (sel.kind === 'snapshot') {
      const parent = lineage.edges.find((e) => e.to === sel.id && e.kind === 'snapshot-of')?.from;
      const vol = volumes.find((v) => v.id === parent);
      if (!vol) return;
      try {
        const snaps = await getClient().call('snapshots', { target: vol.id });
        const s = snaps.find((x) => x.id === sel.id);
        if (s) {
          await browseSnapshot(s, vol);
          setView('files');
        }
      } catch (e) {
        reportError('Cannot open the snapshot', e);
      }
    } else if (selVolume?.path) {
      openFolder(selVolume.path);
      setView('files');
    }
  };
  const counts = useMemo(() => {
    const c = { volume: 0, snapshot: 0, clone: 0 };
    for (const n of lineage.nodes) c[n.kind]++;
    return c;
  }, [lineage]);

  return (
    <div className="relative flex h-full min-h-0 flex-col bg-window" data-testid="lineage-view" data-focus={lineage.focus}>
      <div className="min-h-0 flex-1" data-region="lineage" ref={canvasRef}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          onNodeClick={(_, n) => setSelected(n.id)}
          onPaneClick={() => setSelected(null)}
          onNodesChange={(changes) => {
            // Selection by keyboard (Tab to a node, Enter) arrives as a change; positions are ELK's.
            for (const c of changes) if (c.type === 'select' && c.selected) setSelected(c.id);
          }}
          minZoom={0.2}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
          fitView
        >
          <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} color="var(--c-line-strong)" />
        </ReactFlow>
      </div>
      {/* legend and zoom */}
      <div className="pointer-events-none absolute top-3 left-3 flex items-center gap-3 rounded-lg border border-line bg-popover/90 px-3 py-1.5 text-[11.5px] text-fg-muted shadow-sm backdrop-blur">
        <span className="flex items-center gap-1.5"><span className="h-2.5 w-2.5 rounded-sm bg-accent" />{plural(counts.volume, 'volume')}</span>
        <span className="flex items-center gap-1.5"><span className="h-2.5 w-2.5 rounded-sm bg-snapshot" />{plural(counts.snapshot, 'snapshot')}</span>
        <span className="flex items-center gap-1.5"><span className="h-2.5 w-2.5 rounded-sm bg-clone" />{plural(counts.clone, 'clone')}</span>
        {refreshing && <Spinner size={12} />}
      </div>
      <div className="absolute top-3 right-3 flex flex-col gap-0.5 rounded-lg border border-line bg-popover p-0.5 shadow-sm">
        <IconButton label="Zoom in" tooltipSide="left" className="h-7 w-7" onClick={() => void flow.zoomIn()}><Plus size={14} /></IconButton>
        <IconButton label="Zoom out" tooltipSide="left" className="h-7 w-7" onClick={() => void flow.zoomOut()}><Minus size={14} /></IconButton>
        <IconButton label="Fit to view" tooltipSide="left" className="h-7 w-7" onClick={() => void flow.fitView({ padding: 0.15, duration: 200 })}><Maximize size={14} /></IconButton>
      </div>
      {/* the selected node: details and actions (keyboard: Tab to a node, Enter selects it) */}
      <div className="flex h-12 shrink-0 items-center gap-3 border-t border-line bg-panel px-4" data-testid="lineage-inspector">
        {sel ? (
          <>
            <div className="min-w-0 flex-1">
              <div className="truncate font-mono text-[12.5px] font-semibold">{sel.source?.label ?? sel.label}</div>
              <div className="truncate text-[11.5px] text-fg-muted">
                {sel.kind === 'clone' ? sel.sublabel : sel.kind === 'snapshot' ? 'snapshot' : sel.source?.fs === 'zfs' ? 'ZFS dataset' : 'btrfs subvolume'}
              </div>
            </div>
            {(sel.kind === 'snapshot' || selVolume?.path) && (
              <Button size="sm" icon={<FolderOpen size={14} />} onClick={() => void openSelected()}>
                Browse
              </Button>
            )}
            {sel.kind !== 'snapshot' && sel.id !== lineage.focus && (
              <Button size="sm" icon={<Crosshair size={14} />} onClick={() => showLineage(sel.id)}>
                Centre here
              </Button>
            )}
            {sel.kind === 'clone' && (
              <Button size="sm" icon={<ArrowUpDown size={14} />} disabled={!promoteCapability(mounts, sel.source?.fs).ok} onClick={() => planPromote(sel.id, sel.label)}>
                Promote…
              </Button>
            )}
            <Button size="sm" variant="danger" icon={<Trash2 size={14} />} onClick={() => planDestroy(sel.id, sel.label)}>
              Destroy…
            </Button>
          </>
        ) : (
          <div className="text-[12.5px] text-fg-muted">Select a node to browse it, promote a clone, or destroy it. Arrows show what depends on what.</div>
        )}
      </div>
    </div>
  );
}
