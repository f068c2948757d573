// Detaching a clone on a real zfs-fuse pool: send | receive into a new dataset, verify, swap names, destroy the
// old clone. The result has no origin and the same files (checksums); cancel or failure leaves the clone as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, lstatSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job, Plan } from '../../shared/domain';
import { makeZfsPool, sh, type ZfsPool } from '../fixtures/fs';
import { zfsHarness, zfsNames, zfsProp } from '../fixtures/zfs-cli';

/** path → sha256 (files) / "-> target" (symlinks) / "dir", for a whole tree. */
function checksums(root: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(root, rel)).sort()) {
    const p = join(rel, name);
    const st = lstatSync(join(root, p));
    if (st.isSymbolicLink()) out[p] = '-> ' + readlinkSync(join(root, p));
    else if (st.isDirectory()) Object.assign(out, { [p]: 'dir' }, checksums(root, p));
    else out[p] = createHash('sha256').update(readFileSync(join(root, p))).digest('hex');
  }
  return out;
}

describe('zfs detach', () => {
  let z: ZfsPool;
  let P: string;
  let h: ReturnType<typeof zfsHarness>;
  const mnt = (ds: string) => join(z.mountpoint, ds);

  beforeAll(() => {
    z = makeZfsPool({ sizeMB: 384 });
    P = z.pool;
    h = zfsHarness(z.dir);
    sh('zfs', ['create', `${P}/src`]);
    writeFileSync(join(mnt('src'), 'big.bin'), randomBytes(2 << 20));
    mkdirSync(join(mnt('src'), 'dir/deeper'), { recursive: true });
    writeFileSync(join(mnt('src'), 'dir/deeper/note.txt'), 'hello\n');
    symlinkSync('dir/deeper/note.txt', join(mnt('src'), 'link'));
    sh('zfs', ['snapshot', `${P}/src@s0`]);
  });
  afterAll(() => z?.cleanup());

  it('--swap: the clone becomes independent (no origin), same files, its own snapshots kept', async () => {
    sh('zfs', ['clone', `${P}/src@s0`, `${P}/cl`]);
    writeFileSync(join(mnt('cl'), 'added.txt'), 'made in the clone\n');
    sh('zfs', ['snapshot', `${P}/cl@own1`]);
    writeFileSync(join(mnt('cl'), 'later.txt'), randomBytes(4096));
    const before = checksums(mnt('cl'));

    const plan = (await h.cowshed(['detach', `zfs:${P}/cl`, '--swap', '--dry-run'])).out as Plan;
    expect(plan.confirmText).toBe(`${P}/cl`);
    expect(plan.blockers).toEqual([]);
    expect(plan.commands.map((c) => c.join(' '))).toEqual(expect.arrayContaining([`zfs send ${P}/cl@own1`, `zfs rename ${P}/cl ${plan.options!.oldName}`]));

    const r = await h.cowshed(['detach', `zfs:${P}/cl`, '--swap', '--yes']);
    expect(r.code, r.error?.message).toBe(0);
    expect(zfsProp(`${P}/cl`, 'origin')).toBe('-');
    expect(checksums(mnt('cl'))).toEqual(before);
    const names = zfsNames(P);
    expect(names).toContain(`${P}/cl@own1`);
    expect(names.filter((n) => n.startsWith(`${P}/cl-`))).toEqual([]);
    // The origin snapshot has no dependents any more.
    const d = (await h.cowshed(['destroy', `zfs:${P}/src@s0`])).out as Plan;
    expect(d.blockers).toEqual([]);
  });

  it('without --swap: an independent copy appears and the clone is left as it is', async () => {
    sh('zfs', ['clone', `${P}/src@s0`, `${P}/cl2`]);
    const before = checksums(mnt('cl2'));
    const own = zfsNames(`${P}/cl2`);
    const r = await h.cowshed(['detach', `zfs:${P}/cl2`, '--yes']);
    expect(r.code, r.error?.message).toBe(0);
    expect(zfsProp(`${P}/cl2`, 'origin')).toBe(`${P}/src@s0`);
    expect(zfsNames(`${P}/cl2`)).toEqual(own); // not even the detach snapshot is left on it
    expect(zfsProp(`${P}/cl2-detached`, 'origin')).toBe('-');
    expect(checksums(mnt('cl2-detached'))).toEqual(before);
  });

  it('a non-clone is refused with a reason', async () => {
    const r = await h.cowshed(['detach', `zfs:${P}/src`]);
    expect([r.code, r.error?.code]).toEqual([1, 'NOT_SUPPORTED']);
  });

  it('cancel during the copy: the job is cancelled and the clone is left exactly as it was', async () => {
    sh('zfs', ['clone', `${P}/src@s0`, `${P}/cl3`]);
    writeFileSync(join(mnt('cl3'), 'large.bin'), randomBytes(96 << 20));
    const before = checksums(mnt('cl3'));
    const namesBefore = zfsNames(P);
    const plan = await h.service.call('planDetach', { target: `zfs:${P}/cl3`, swap: true });
    let cancelled = false;
    const off = h.service.on((event, payload) => {
      const j = payload as Job;
      if (event !== 'jobUpdated' || cancelled || j.kind !== 'detach' || !j.progress || j.progress.done === 0 || j.progress.unit !== 'bytes') return;
      cancelled = true;
      void h.service.call('cancelJob', { id: j.id });
    });
    const job = await h.service.call('commitPlan', { planId: plan.id, confirm: `${P}/cl3` });
    const end = (await h.service.call('job', { id: job.id, wait: true })) as Job;
    off();
    expect(cancelled).toBe(true);
    expect(end.state).toBe('cancelled');
    expect(end.error?.message).toMatch(/left as it was/);
    expect(zfsProp(`${P}/cl3`, 'origin')).toBe(`${P}/src@s0`);
    expect(zfsNames(P)).toEqual(namesBefore);
    expect(checksums(mnt('cl3'))).toEqual(before);
  });
});
