import { lstatSync } from 'node:fs';
import { basename } from 'node:path';
import type { SpaceReport } from '../../../shared/contract/history';
import { CowshedError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { run } from '../exec/run';
import { volumeHandlers } from '../handlers/volumes';
import { classifyBtrfs } from '../providers/btrfs/errors';
import { classifyZfs } from '../providers/zfs/errors';
import { featuresOf, zfsRead } from '../providers/zfs/exec';
import { readRows } from '../providers/zfs/read';
import { resolveTarget } from '../resolve';
import { readExtents, sharedBytes } from './fiemap';
import { BTRFS_SUBVOL_ROOT_INO } from './locate';
import { resolveSide, type Side } from './sides';
import { parseBtrfsDu, parseDestroyDryRun, parseQgroups } from './space-parse';

/** `space TARGET`: what a volume, its snapshots, a folder or a file really hold. */

type Row = SpaceReport['rows'][number];
type Freed = SpaceReport['freedTogether'];

export const DOUBLE_COUNT_NOTE =
  'Per-file and per-folder sizes double-count reflinked and snapshot-shared data: two clones of a 1 GiB file each show 1 GiB but use 1 GiB together.';

/** The space report for a target, with "freed if deleted together" for the chosen snapshots. */
export async function spaceReport(ctx: CoreContext, target: string, chosen: readonly string[] = []): Promise<SpaceReport> {
  const t = await resolveTarget(ctx, target);
  // Every chosen snapshot is checked before anything runs, so bad input never starts a process.
  for (const c of chosen) await resolveTarget(ctx, c);
  if (t.path !== null) {
    const st = lstatSync(t.path);
    if (!st.isDirectory()) return fileReport(t.path, t.mount?.kind ?? 'other', chosen);
    if (t.kind === 'btrfs' && st.ino !== BTRFS_SUBVOL_ROOT_INO) return folderReport(t.path, chosen);
    if (t.kind !== 'btrfs' && t.kind !== 'zfs')
      throw new CowshedError('NOT_SUPPORTED', `${t.path} is on ${t.mount.fstype}: only files there have shared-extent figures (FIEMAP).`);
  }
  const side = await resolveSide(ctx, t.kind === 'zfs' && t.path !== null ? `zfs:${t.name}` : target);
  const picked = await Promise.all(chosen.map((c) => resolveSide(ctx, c)));
  return side.fs === 'btrfs' ? btrfsReport(ctx, side, picked) : zfsReport(ctx, side, picked);
}

function refuseChosen(chosen: readonly string[], what: string) {
  if (chosen.length) throw new CowshedError('USAGE', `--snapshots only applies to a volume; ${what} is not one.`);
}

async function fileReport(path: string, kind: string, chosen: readonly string[]): Promise<SpaceReport> {
  refuseChosen(chosen, path);
  const st = lstatSync(path);
  const row: Row = { id: path, label: basename(path), kind: 'file', used: st.blocks * 512, referenced: st.size, shared: null, exclusive: null };
  const notes = [DOUBLE_COUNT_NOTE];
  if (kind === 'btrfs' || kind === 'xfs') {
    const f = (await readExtents([path])).get(path);
    if (f) Object.assign(row, sharedBytes(f));
    notes.push('Shared bytes are blocks this file shares with other files or snapshots (FIEMAP); deleting the file frees at most its exclusive bytes.');
  } else notes.push(`${kind === 'zfs' ? 'ZFS' : kind} does not report shared extents per file (no FIEMAP), so shared / exclusive are unknown.`);
  return { target: path, fs: kind, rows: [row], freedTogether: null, notes };
}

async function folderReport(path: string, chosen: readonly string[]): Promise<SpaceReport> {
  refuseChosen(chosen, path);
  const r = await run('btrfs', ['filesystem', 'du', '-s', '--raw', path], { classify: classifyBtrfs, timeoutMs: 600_000 });
  const du = parseBtrfsDu(r.stdout)[0];
  const row: Row = { id: path, label: basename(path), kind: 'folder', used: du?.exclusive ?? null, referenced: du?.total ?? null, exclusive: du?.exclusive ?? null, shared: du?.setShared ?? null };
  return { target: path, fs: 'btrfs', rows: [row], freedTogether: null, notes: [DOUBLE_COUNT_NOTE, 'From btrfs filesystem du: file data only, metadata not counted.'] };
}

async function btrfsReport(ctx: CoreContext, vol: Extract<Side, { fs: 'btrfs' }>, picked: Side[]): Promise<SpaceReport> {
  for (const p of picked)
    if (p.fs !== 'btrfs' || p.info.parentUuid !== vol.info.uuid) throw new CowshedError('USAGE', `${p.label} is not a snapshot of ${vol.label}.`);
  const snaps = (await volumeHandlers.snapshots({ target: vol.path }, ctx).catch(() => [])).filter((s) => s.browsePath);
  const paths = [vol.path, ...snaps.map((s) => s.browsePath!)];
  const du = parseBtrfsDu((await run('btrfs', ['filesystem', 'du', '-s', '--raw', ...paths], { classify: classifyBtrfs, timeoutMs: 3600_000 })).stdout);
  const byPath = new Map(du.map((d) => [d.path, d]));
  const notes = [DOUBLE_COUNT_NOTE, 'From btrfs filesystem du: file data only (metadata not counted); exclusive = blocks no other file or snapshot shares.'];
  const q = await run('btrfs', ['qgroup', 'show', '--raw', vol.path], { classify: classifyBtrfs }).then(
    (r) => new Map(parseQgroups(r.stdout).filter((g) => g.level === 0).map((g) => [g.id, g])),
    () => null,
  );
  if (!q)
    notes.push('Quotas are off, so there are no exact per-snapshot figures. Enabling quotas (btrfs quota enable) gives them, but quotas are known to slow or freeze systems with many snapshots: only enable them knowingly.');
  else notes.push('Quotas are on: referenced / exclusive come from quota groups (exact, including metadata).');
  const mk = (id: string, label: string, kind: Row['kind'], path: string, subvolId: number | null): Row => {
    const d = byPath.get(path);
    const g = subvolId !== null ? q?.get(subvolId) : undefined;
    return {
      id, label, kind,
      used: g?.exclusive ?? d?.exclusive ?? null,
      referenced: g?.referenced ?? d?.total ?? null,
      exclusive: g?.exclusive ?? d?.exclusive ?? null,
      shared: d?.setShared ?? null,
    };
  };
  const rows: Row[] = [mk(vol.id, vol.label, 'volume', vol.path, vol.info.id)];
  for (const s of snaps) rows.push(mk(s.id, s.name, 'snapshot', s.browsePath!, s.identity.kind === 'btrfs' ? s.identity.subvolId : null));
  let freed: Freed = null;
  if (picked.length) {
    const ids = picked.map((p) => p.id);
    if (picked.length === 1 && picked[0]!.fs === 'btrfs') {
      const p = picked[0]!;
      const row = mk(p.id, p.label, 'snapshot', p.path, p.info.id);
      freed = { snapshots: ids, bytes: row.exclusive ?? null, reason: q ? 'quota group exclusive bytes' : 'data only (btrfs filesystem du exclusive); metadata not counted' };
    } else
      freed = {
        snapshots: ids,
        bytes: null,
        reason: 'btrfs cannot tell what deleting several snapshots together frees (blocks shared only among them are not exclusive to any one); each snapshot\'s exclusive bytes are shown',
      };
  }
  return { target: vol.id, fs: 'btrfs', rows, freedTogether: freed, notes };
}

async function zfsReport(ctx: CoreContext, vol: Extract<Side, { fs: 'zfs' }>, picked: Side[]): Promise<SpaceReport> {
  if (vol.snapshot !== null) throw new CowshedError('USAGE', `${vol.label} is a snapshot: ask about its dataset (${vol.dataset}).`);
  for (const p of picked)
    if (p.fs !== 'zfs' || p.dataset !== vol.dataset || p.snapshot === null) throw new CowshedError('USAGE', `${p.label} is not a snapshot of ${vol.dataset}.`);
  const f = await featuresOf(ctx);
  const data = await readRows(f, ['used', 'referenced', 'usedbysnapshots', 'usedbydataset', 'written', 'createtxg'], [vol.dataset], { depth: 1 });
  const mine = data.filter((r) => r.name === vol.dataset || r.name.startsWith(vol.dataset + '@'));
  mine.sort((a, b) => (a.name === vol.dataset ? 1 : b.name === vol.dataset ? -1 : (a.createtxg ?? 0) - (b.createtxg ?? 0)));
  const rows: Row[] = mine.map((r) => ({
    id: `zfs:${r.name}`,
    label: r.name.includes('@') ? r.name.slice(r.name.indexOf('@') + 1) : r.name,
    kind: r.name.includes('@') ? 'snapshot' : 'volume',
    used: r.used,
    referenced: r.referenced,
    usedBySnapshots: r.usedbysnapshots,
    usedByDataset: r.usedbydataset,
    written: f.clonesAndWritten ? r.written : undefined,
  }));
  const notes = [
    DOUBLE_COUNT_NOTE,
    "A snapshot's used is what destroying that snapshot alone frees; blocks shared by several snapshots count in none of them, but in the dataset's usedbysnapshots.",
  ];
  if (!f.clonesAndWritten) notes.push('This zfs (zfs-fuse) has no written property.');
  let freed: Freed = null;
  if (picked.length) {
    const names = picked.map((p) => (p.fs === 'zfs' ? p.snapshot! : ''));
    const ids = picked.map((p) => p.id);
    if (f.destroyDryRun) {
      const r = await zfsRead(['destroy', '-nvp', `${vol.dataset}@${names.join(',')}`], { classify: classifyZfs });
      freed = { snapshots: ids, bytes: parseDestroyDryRun(r.stdout).reclaim, reason: 'zfs destroy -nvp (dry run)' };
    } else if (picked.length === 1) {
      freed = { snapshots: ids, bytes: rows.find((r) => r.id === ids[0])?.used ?? null, reason: "the snapshot's used bytes (exact for one snapshot)" };
    } else
      freed = {
        snapshots: ids,
        bytes: null,
        reason: 'unknown: this zfs (zfs-fuse) has no dry-run destroy (zfs destroy -n), and the snapshots\' used bytes leave out blocks only they share',
      };
  }
  return { target: vol.id, fs: 'zfs', rows, freedTogether: freed, notes };
}
