import { test, expect } from './support/fake-app';

// Renderer behaviour over the fake bridge: keyboard, multi-select, unavailable actions with their reasons,
// failures with their command, NOT_SUPPORTED methods, a 100,000-entry folder, themes, cancel.

test.describe('file pane', () => {
  test.use({ fake: { bigFolder: 100_000 } });

  test('keyboard: arrows, Shift to extend, Ctrl+A, and Shift+F10 opens the context menu', async ({ app, page }) => {
    await app.openAt('/data/home/Documents');
    await app.files.list.focus();
    await page.keyboard.press('ArrowDown');
    await expect(app.files.row('Invoices')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await expect(page.getByTestId('status-items')).toContainText('3 selected');
    await page.keyboard.press('Control+a');
    await expect(page.getByTestId('status-items')).toContainText('7 selected');
    await page.keyboard.press('Home');
    await expect(page.getByTestId('status-items')).toContainText('1 selected');
    // Type-ahead jumps to a name.
    await page.keyboard.type('qua');
    await expect(app.files.row('Quarterly report Q4.pdf')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Shift+F10');
    await expect(app.files.menu).toBeVisible();
    await expect(app.files.menu).toContainText('Quarterly report Q4.pdf');
    await expect(app.files.menu.getByRole('menuitem').first()).toBeFocused();
    // Through the menu with the keyboard: down to Properties.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(80); // a person's pace: the menu settles between presses
    }
    await expect(app.files.menuItem('properties')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('properties-dialog')).toContainText('Quarterly report Q4.pdf');
    await expect(page.getByTestId('prop-shared')).not.toHaveText('Unknown');
  });

  test('click, Ctrl+click and Shift+click select like a file manager', async ({ app, page }) => {
    await app.openAt('/data/home/Documents');
    await app.files.row('contract (signed).pdf').click();
    await app.files.row('passport-scan.png').click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('status-items')).toContainText('4 selected');
    await app.files.row('design-spec.odt').click({ modifiers: ['Control'] });
    await expect(page.getByTestId('status-items')).toContainText('3 selected');
    await expect(app.files.row('design-spec.odt')).toHaveAttribute('aria-selected', 'false');
  });

  test('an action the filesystem cannot do is disabled, with the reason as tooltip', async ({ app, page }) => {
    await app.openAt('/tank/vm');
    await app.files.openMenuOn('cloud-init.yaml');
    const item = app.files.menuItem('clone-here');
    await expect(item).toBeDisabled();
    await item.hover();
    await expect(page.getByRole('tooltip')).toContainText('zfs_bclone_enabled is 0');
    await item.click({ force: true });
    await expect(app.files.menu).toBeVisible(); // nothing ran
    await page.keyboard.press('Escape');
    // The sidebar says the same with its badges.
    await page.locator('[data-testid="sidebar-fs"][data-id="/tank"] [data-testid="cap-reflink"]').hover();
    await expect(page.getByRole('tooltip')).toContainText('unavailable');
  });

  test('100,000 entries: only the rows in view exist, End reaches the last, sorting works', async ({ app, page }) => {
    await app.openAt('/data/home/big');
    await expect(page.getByTestId('status-items')).toContainText('100,000 items');
    expect(await page.getByTestId('file-row').count()).toBeLessThan(120);
    await app.files.list.focus();
    await page.keyboard.press('End');
    const names = await app.files.names();
    await expect(page.locator('[data-testid="file-row"][aria-selected="true"]')).toBeVisible();
    expect(names.length).toBeLessThan(120);
    await page.getByTestId('sort-size').click();
    await expect(page.getByRole('columnheader', { name: 'Size' })).toHaveAttribute('aria-sort', 'ascending');
    await page.getByTestId('sort-size').click();
    await expect(page.getByRole('columnheader', { name: 'Size' })).toHaveAttribute('aria-sort', 'descending');
  });

  test('filtering narrows the list; Escape clears it', async ({ app, page }) => {
    await app.openAt('/data/home/Documents');
    await page.keyboard.press('Control+f');
    await page.keyboard.type('pdf');
    await expect(page.getByTestId('file-row')).toHaveCount(2);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('file-row')).toHaveCount(7);
  });
});

test('a failed clone reaches the screen as a sentence, with the command, exit code and stderr one click away', async ({ app, page }) => {
  await app.openAt('/data/home/Documents');
  await app.files.cloneHere('passport-scan.png');
  const t = page.getByTestId('toast-error');
  await expect(t).toContainText('ran out of space');
  await t.getByText('Show command and output').click();
  const d = page.getByTestId('error-details');
  await expect(d).toContainText('NO_SPACE');
  await expect(d).toContainText('cp --reflink=always');
  await expect(d).toContainText('No space left on device');
  await expect(d).toContainText('Exit code');
});

test('a running job shows progress and can be cancelled', async ({ app, page }) => {
  await app.openAt('/data/home/Documents');
  await app.files.cloneHere('Invoices');
  await page.getByTestId('clone-confirm').click(); // a folder: the mechanism is shown first
  await app.jobs.open();
  const row = app.jobs.rows.first();
  await expect(row).toHaveAttribute('data-state', 'running');
  await expect(row.getByRole('progressbar')).toBeVisible();
  await row.getByRole('button', { name: /^Cancel/ }).click();
  await expect(row).toHaveAttribute('data-state', 'cancelled');
});

test.describe('not built yet', () => {
  test.use({ fake: { unsupported: ['versions', 'fileInfo', 'lineage'] } });
  test('NOT_SUPPORTED methods show as unavailable with their reason, and nothing crashes', async ({ app, page }) => {
    await app.openAt('/data/home');
    await app.files.openMenuOn('notes.txt');
    await app.files.menuItem('versions').click();
    await expect(page.getByTestId('versions-dialog')).toContainText(/versions is not built yet/i);
    await page.keyboard.press('Escape');
    await app.files.properties('notes.txt');
    await expect(page.getByTestId('properties-dialog')).toContainText(/fileInfo is not built yet/i);
    await page.keyboard.press('Escape');
    await page.getByTestId('view-lineage').click(); // no graph to wait for: it is unavailable
    await expect(page.getByText('Lineage is not available here')).toBeVisible();
  });
});

test('the snapshot name is validated as you type, with the shared validators', async ({ app, page }) => {
  await app.openAt('/tank/vm');
  await page.getByTestId('new-snapshot').click();
  const d = page.getByTestId('create-snapshot-dialog');
  const name = d.getByTestId('snapshot-name');
  await expect(name).not.toHaveValue(''); // prefilled
  await expect(d.getByTestId('create-snapshot')).toBeEnabled();
  await name.fill('bad@name');
  await expect(d.getByRole('alert')).toContainText('"@"');
  await expect(d.getByTestId('create-snapshot')).toBeDisabled();
  await name.fill('nightly');
  await expect(d.getByRole('alert')).toContainText('already exists');
  await name.fill('before-kernel-6.15');
  await d.getByTestId('create-snapshot').click();
  await expect(app.timeline.snapshot('before-kernel-6.15')).toBeVisible();
});

test('the theme follows the OS', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.openAt('/data/home');
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).not.toHaveClass(/dark/);
});

test('F6 moves between regions and Ctrl+J toggles the jobs panel', async ({ app, page }) => {
  await app.openAt('/data/home');
  await app.files.list.focus();
  await page.keyboard.press('F6');
  await expect(page.getByTestId('timeline-list')).toBeFocused();
  await page.keyboard.press('F6');
  await expect(page.locator('[data-region="sidebar"] [role="treeitem"][tabindex="0"]')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('file-pane')).toHaveAttribute('data-path', '/data/projects');
  await page.keyboard.press('Control+j');
  await expect(page.getByTestId('jobs-panel')).toBeVisible();
  await page.keyboard.press('Control+j');
  await expect(page.getByTestId('jobs-panel')).toBeHidden();
});

test('lineage by keyboard: focus a clone, Enter selects it, its actions are in the inspector', async ({ app, page }) => {
  await app.openAt('/tank/vm');
  await app.lineage.open();
  await page.locator('.react-flow__node[data-id="zfs:tank/vm-test"]').focus();
  await page.keyboard.press('Enter');
  const inspector = page.getByTestId('lineage-inspector');
  await expect(inspector).toContainText('tank/vm-test');
  await inspector.getByRole('button', { name: 'Promote…' }).focus();
  await page.keyboard.press('Enter');
  await app.plan.waitReady();
  await expect(page.getByTestId('promote-explainer')).toBeVisible();
});
