import { expect, type Locator, type Page } from '@playwright/test';

/** The snapshot timeline of the current volume. */
export class TimelinePage {
  readonly root: Locator;
  readonly list: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('timeline');
    this.list = page.getByTestId('timeline-list');
  }

  snapshot(name: string): Locator {
    return this.root.locator(`[data-testid="timeline-snapshot"][data-name="${name}"]`);
  }

  /** Click a snapshot: the file pane switches to its content. */
  async select(name: string): Promise<void> {
    await expect(this.snapshot(name)).toBeVisible({ timeout: 20_000 });
    await this.snapshot(name).click();
  }

  async openMenu(name: string): Promise<Locator> {
    await expect(this.snapshot(name)).toBeVisible({ timeout: 20_000 });
    await this.snapshot(name).click({ button: 'right' });
    const m = this.page.getByTestId('snapshot-menu');
    await expect(m).toBeVisible();
    return m;
  }

  /** Right-click → Destroy… (opens the plan dialog). */
  async destroy(name: string): Promise<void> {
    const m = await this.openMenu(name);
    await m.getByTestId('menu-destroy').click();
  }

  async createSnapshot(name: string): Promise<void> {
    await this.root.getByTestId('new-snapshot').click();
    const d = this.page.getByTestId('create-snapshot-dialog');
    await d.getByTestId('snapshot-name').fill(name);
    await d.getByTestId('create-snapshot').click();
    await expect(d).toBeHidden();
  }
}
