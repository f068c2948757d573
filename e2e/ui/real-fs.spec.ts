import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSubvol, snapshotSubvol } from '../fixtures/btrfs';
import { makeLoopFs, makeZfsPool, sh, type LoopFs, type ZfsPool } from '../fixtures/fs';
import { AppPage } from './pages/app-page';
import { startServe, type ServeProcess } from './support/serve';

// The renderer in Chromium against a real `cowshed serve`, on a loop-mounted btrfs and a zfs-fuse pool.
// These need root (loop devices, FUSE): under CI they run, they never skip.

let serve: ServeProcess;
let btrfs: LoopFs;
let zfs: ZfsPool;
const NOTES_V1 = 'version one\n';
const NOTES_V2 = 'version two: rewritten after the snapshot, and longer\n';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  btrfs = makeLoopFs('btrfs', { sizeMB: 320 });
  const home = createSubvol(btrfs, 'home');
  mkdirSync(join(home, 'docs'));
  mkdirSync(join(home, 'drafts'));
  writeFileSync(join(home, 'docs', 'report.pdf'), randomBytes(1 << 20));
  writeFileSync(join(home, 'notes.txt'), NOTES_V1);
  writeFileSync(join(home, 'drafts', 'old-idea.txt'), 'an idea deleted later\n');
  sh('sync', []);
  mkdirSync(join(btrfs.mountpoint, '.snapshots'));
  snapshotSubvol(btrfs, 'home', '.snapshots/home-monday');
  writeFileSync(join(home, 'notes.txt'), NOTES_V2);
  rmSync(join(home, 'drafts', 'old-idea.txt'));

  zfs = makeZfsPool({ sizeMB: 256 });
  const p = zfs.pool;
  for (const ds of ['app', 'proj']) sh('zfs', ['create', `${p}/${ds}`]);
  writeFileSync(join(zfs.mountpoint, 'app', 'config.yaml'), 'version: 1\n');
  writeFileSync(join(zfs.mountpoint, 'proj', 'plan.md'), '# plan\n');
  sh('zfs', ['snapshot', `${p}/app@v1`]);
  sh('zfs', ['clone', `${p}/app@v1`, `${p}/app-dev`]);
  sh('zfs', ['snapshot', `${p}/proj@base`]);
  sh('zfs', ['clone', `${p}/proj@base`, `${p}/proj-dev`]);
  sh('zfs', ['snapshot', `${p}/proj@later`]);

  serve = await startServe();
});

test.afterAll(async () => {
  await serve?.stop();
  zfs?.cleanup();
  btrfs?.cleanup();
});

const app = (page: Page) => new AppPage(page, serve.url);

test('right-click a file → Clone here: "report (clone).pdf" appears and shares its blocks', async ({ page }) => {
  const a = app(page);
  const docs = join(btrfs.mountpoint, 'home', 'docs');
  await a.openAt(docs);
  await a.files.expectListed('report.pdf');
  await a.files.openMenuOn('report.pdf');
  await expect(a.files.menuItem('clone-here')).not.toHaveAttribute('aria-disabled', 'true');
  await a.screenshot('real-file-menu-light');
  await a.files.menuItem('clone-here').click();
  await a.files.expectListed('report (clone).pdf');
  // Selected once it lands, so the next action applies to it.
  await expect(a.files.row('report (clone).pdf')).toHaveAttribute('aria-selected', 'true');

  const clone = join(docs, 'report (clone).pdf');
  expect(statSync(clone).size).toBe(1 << 20);
  sh('sync', []);
  const frag = sh('filefrag', ['-v', clone]);
  expect(frag).toMatch(/shared/);

  const props = await a.files.properties('report (clone).pdf');
  await expect(props.getByTestId('prop-shared')).not.toHaveText(/Unknown|^0 B$/, { timeout: 20_000 });
  await a.screenshot('real-properties-light');
  await page.keyboard.press('Escape');

  await a.jobs.open();
  await a.jobs.expectNewest('clone', 'done');
  await a.screenshot('real-jobs-light');
});

test('select a snapshot on the timeline → the file pane shows the old content', async ({ page }) => {
  const a = app(page);
  const home = join(btrfs.mountpoint, 'home');
  await a.openAt(home);
  await a.files.expectListed('notes.txt');
  await a.timeline.select('home-monday');
  await expect(a.files.banner).toBeVisible();
  await expect(a.files.banner).toContainText('home-monday');
  // notes.txt as it was: the first, shorter version.
  await expect(a.files.row('notes.txt')).toContainText(`${NOTES_V1.length} B`, { timeout: 20_000 });
  await a.files.open('drafts');
  await a.files.expectListed('old-idea.txt'); // deleted live, still in the snapshot
  await a.screenshot('real-timeline-snapshot-light');

  await page.getByTestId('back-to-live').click();
  await expect(a.files.banner).toBeHidden();
  await expect(page.getByTestId('file-pane')).toHaveAttribute('data-path', join(home, 'drafts'));
  await expect(a.files.row('old-idea.txt')).toHaveCount(0);
});

test('restore a file from a snapshot over the live one: plan, commit, the old version is back and the current one kept', async ({ page }) => {
  const a = app(page);
  const home = join(btrfs.mountpoint, 'home');
  await a.openAt(home);
  await a.files.openMenuOn('notes.txt');
  await a.files.menuItem('restore').click();
  const d = page.getByTestId('restore-dialog');
  await d.getByRole('option', { name: /home-monday/ }).click();
  await d.getByRole('button', { name: 'Review restore…' }).click();
  await a.plan.waitReady();
  await expect(a.plan.root).toHaveAttribute('data-kind', 'restore');
  expect(await a.plan.itemLabels('rename')).toHaveLength(1); // the current file is kept under another name
  await a.screenshot('real-plan-restore-light');
  await a.plan.commit();
  await a.files.expectListed('notes (before restore).txt');
  await expect.poll(() => readFileSync(join(home, 'notes.txt'), 'utf8'), { timeout: 20_000 }).toBe(NOTES_V1);
  expect(readFileSync(join(home, 'notes (before restore).txt'), 'utf8')).toBe(NOTES_V2);
});

test('promote a ZFS clone from the lineage graph → the graph flips', async ({ page }) => {
  const a = app(page);
  const p = zfs.pool;
  await a.openAt(join(zfs.mountpoint, 'app-dev'));
  await a.lineage.open();
  await a.lineage.expectKind(`zfs:${p}/app-dev`, 'clone');
  await a.lineage.expectKind(`zfs:${p}/app`, 'volume');
  await a.screenshot('real-lineage-before-light');

  await a.lineage.promote(`zfs:${p}/app-dev`);
  await a.plan.waitReady();
  await expect(page.getByTestId('promote-explainer')).toBeVisible();
  await expect(a.plan.confirm).toHaveCount(0); // promote destroys nothing: one click
  await a.screenshot('real-plan-promote-light');
  await a.plan.commit();

  await a.lineage.expectKind(`zfs:${p}/app`, 'clone');
  await a.lineage.expectKind(`zfs:${p}/app-dev`, 'volume');
  await expect(a.lineage.node(`zfs:${p}/app-dev@v1`)).toBeVisible();
  expect(sh('zfs', ['get', '-H', '-o', 'value', 'origin', `${p}/app`]).trim()).toBe(`${p}/app-dev@v1`);
  await a.screenshot('real-lineage-after-light');
});

test('destroy a snapshot that has a clone → the plan lists the clone; commit refused without the right confirmation', async ({ page }) => {
  const a = app(page);
  const p = zfs.pool;
  await a.openAt(join(zfs.mountpoint, 'proj'));
  await a.timeline.destroy('base');
  await a.plan.waitReady();
  // As planned first: the clone blocks it, and is named.
  await expect(a.plan.blockers).toContainText(`${p}/proj-dev`);
  await expect(a.plan.commitButton).toBeDisabled();

  await a.plan.includeDependents();
  expect(await a.plan.itemLabels('destroy')).toEqual(expect.arrayContaining([`${p}/proj@base`, `${p}/proj-dev`]));
  await expect(a.plan.confirm).toBeVisible();
  const confirmText = (await a.plan.confirm.getAttribute('placeholder'))!;
  expect(confirmText.length).toBeGreaterThan(0);
  await expect(a.plan.commitButton).toBeDisabled();
  await a.plan.confirm.fill('proj');
  await expect(a.plan.commitButton).toBeDisabled();
  await a.plan.confirm.fill(`${confirmText}x`);
  await expect(a.plan.commitButton).toBeDisabled();
  await a.screenshot('real-plan-destroy-light');

  // The core refuses it too: commitPlan with the wrong text, over the same socket the UI uses.
  const planId = (await a.plan.root.getAttribute('data-plan-id'))!;
  const refusal = await page.evaluate(async (id) => {
    const ws = new WebSocket(`ws://${location.host}/ws`);
    await new Promise((r) => (ws.onopen = r));
    const reply = new Promise<string>((r) => (ws.onmessage = (e) => r(String(e.data))));
    ws.send(JSON.stringify({ id: 1, method: 'commitPlan', params: { planId: id, confirm: 'proj' } }));
    const text = await reply;
    ws.close();
    return JSON.parse(text) as { ok: boolean; error?: { code: string } };
  }, planId);
  expect(refusal.ok).toBe(false);
  expect(refusal.error?.code).toBe('CONFIRMATION_REQUIRED');
  expect(sh('zfs', ['list', '-H', '-o', 'name', '-t', 'all', '-r', p])).toContain(`${p}/proj-dev`);

  await a.plan.confirm.fill(confirmText);
  await expect(a.plan.commitButton).toBeEnabled();
  await a.plan.commit();
  await expect(a.timeline.snapshot('base')).toHaveCount(0, { timeout: 30_000 });
  await expect(a.timeline.snapshot('later')).toBeVisible();
  const left = sh('zfs', ['list', '-H', '-o', 'name', '-t', 'all', '-r', p]);
  expect(left).not.toContain(`${p}/proj@base`);
  expect(left).not.toContain(`${p}/proj-dev`);
});
