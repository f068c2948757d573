import { test, expect } from './support/fake-app';

// Screenshots of every main screen, light and dark, over the fake world (curated data, same renderer bundle).
// The real-filesystem spec saves its own (real-*.png). Kept in e2e/artifacts/screenshots/.

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test(`file pane with the context menu (${scheme})`, async ({ app, page }) => {
      await app.openAt('/data/home/Documents');
      await app.files.row('Quarterly report Q4.pdf').click();
      await app.files.openMenuOn('Quarterly report Q4.pdf');
      await app.files.menuItem('restore').hover();
      await app.screenshot(`file-menu-${scheme}`);
      await page.keyboard.press('Escape');
      await app.openAt('/tank/vm');
      await app.files.openMenuOn('debian-13.qcow2');
      await app.files.menuItem('clone-here').hover();
      await expect(page.getByRole('tooltip')).toBeVisible();
      await app.screenshot(`file-menu-unavailable-${scheme}`);
    });

    test(`timeline: browsing a snapshot (${scheme})`, async ({ app, page }) => {
      await app.openAt('/data/home');
      await app.timeline.snapshot('hourly-2026-01-05T0303').click();
      await expect(app.files.banner).toBeVisible();
      await app.files.row('old-draft-45.txt').click();
      await page.mouse.move(0, 0);
      await app.screenshot(`timeline-${scheme}`);
    });

    test(`lineage (${scheme})`, async ({ app }) => {
      await app.openAt('/tank/vm');
      await app.lineage.open();
      await app.lineage.node('zfs:tank/vm-test').click();
      await app.screenshot(`lineage-${scheme}`);
      await app.lineage.promote('zfs:tank/vm-test');
      await app.plan.waitReady();
      await app.screenshot(`plan-promote-${scheme}`);
      await app.plan.commit();
      await app.lineage.expectKind('zfs:tank/vm', 'clone');
      await app.screenshot(`lineage-promoted-${scheme}`);
    });

    test(`plan dialog: destroy a snapshot with a clone (${scheme})`, async ({ app }) => {
      await app.openAt('/tank/vm');
      await app.timeline.destroy('before-upgrade');
      await app.plan.waitReady();
      await app.screenshot(`plan-blocked-${scheme}`);
      await app.plan.includeDependents();
      await app.plan.confirm.fill('tank/vm@before');
      await app.screenshot(`plan-destroy-${scheme}`);
    });

    test(`jobs panel (${scheme})`, async ({ app, page }) => {
      await app.openAt('/data/home/Documents');
      await app.files.cloneHere('passport-scan.png');
      await expect(page.getByTestId('toast-error')).toBeVisible();
      await page.getByTestId('toast-error').getByRole('button', { name: 'Dismiss' }).click();
      await app.files.row('Quarterly report Q4.pdf').click();
      await page.keyboard.press('Control+d');
      await app.files.expectListed('Quarterly report Q4 (clone).pdf');
      await app.files.cloneHere('Invoices');
      await page.getByTestId('clone-confirm').click();
      await app.jobs.open();
      await page.getByRole('button', { name: 'Dismiss' }).first().click();
      await expect(app.jobs.rows.first()).toHaveAttribute('data-state', 'running');
      await page.waitForTimeout(350);
      await app.screenshot(`jobs-${scheme}`);
    });

    test(`properties (${scheme})`, async ({ app }) => {
      await app.openAt('/data/home');
      await app.files.properties('thesis-final-v3.odt');
      await app.screenshot(`properties-${scheme}`);
    });
  });
}
