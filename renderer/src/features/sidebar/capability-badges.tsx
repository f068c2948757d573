import { Camera, Copy, GitBranch, ShieldCheck } from 'lucide-react';
import type { Capability, Mount } from '../../../../shared/domain';
import { cn } from '../../lib/cn';
import { Tooltip } from '../../ui/tooltip';

const BADGES = [
  { key: 'reflink', label: 'Reflink', icon: Copy, tint: 'text-accent-text bg-accent-soft', pick: (m: Mount) => m.capabilities.fileClone },
  { key: 'snapshots', label: 'Snapshots', icon: Camera, tint: 'text-snapshot bg-snapshot-soft', pick: (m: Mount) => m.capabilities.snapshot },
  {
    key: 'clones',
    label: 'Clones',
    icon: GitBranch,
    tint: 'text-clone bg-clone-soft',
    pick: (m: Mount): Capability => (m.capabilities.datasetClone.ok ? m.capabilities.datasetClone : m.capabilities.writableSnapshot.ok ? m.capabilities.writableSnapshot : m.capabilities.datasetClone),
  },
] as const;

/** What this filesystem can do — reflink, snapshots, clones — each with its reason when it cannot. */
export function CapabilityBadges({ mount }: { mount: Mount }) {
  return (
    <div className="flex flex-wrap gap-[3px]">
      {BADGES.map((b) => {
        const c = b.pick(mount);
        const Icon = b.icon;
        const text = c.ok ? `${b.label}: available${c.method ? ` (${c.method})` : ''}${c.needsAdmin ? ' — needs administrator rights' : ''}` : `${b.label}: unavailable — ${c.reason ?? 'not supported'}`;
        return (
          <Tooltip key={b.key} side="right" content={text}>
            <span
              tabIndex={-1}
              role="img"
              aria-label={text}
              data-testid={`cap-${b.key}`}
              data-ok={c.ok}
              className={cn(
                'inline-flex h-[17px] items-center gap-[3px] rounded-[4px] px-[5px] text-[10.5px] leading-none font-semibold',
                c.ok ? b.tint : 'border border-dashed border-line-strong text-fg-subtle line-through decoration-fg-subtle/60',
              )}
            >
              {c.ok && <Icon size={9} strokeWidth={2.75} />}
              {b.label}
              {c.ok && c.needsAdmin && <ShieldCheck size={10} />}
            </span>
          </Tooltip>
        );
      })}
    </div>
  );
}
