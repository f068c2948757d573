import { expect, type Locator, type Page } from '@playwright/test';

/** The file pane: rows, selection, the context menu and the snapshot banner. */
export class FilesPage {
  readonly list: Locator;
  readonly menu: Locator;
  readonly banner: Locator;
  constructor(readonly page: Page) {
    this.list = page.getByTestId('file-list');
    this.menu = page.getByTestId('file-menu');
    this.banner = page.getByTestId('snapshot-banner');
  }

  row(name: string): Locator {
    return this.list.locator(`[data-testid="file-row"][data-name="${name.replace(/"/g, '\\"')}"]`);
  }

  /** Names of the rows rendered (the list is virtualised: only those in view). */
  async names(): Promise<string[]> {
    return this.list.locator('[data-testid="file-row"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.name!));
  }

  async expectListed(name: string): Promise<void> {
    await expect(this.row(name)).toBeVisible({ timeout: 20_000 });
  }

  async openMenuOn(name: string): Promise<void> {
    await this.row(name).click({ button: 'right' });
    await expect(this.menu).toBeVisible();
  }

  menuItem(id: 'clone-here' | 'clone-to' | 'versions' | 'restore' | 'snapshot' | 'copy-path' | 'properties'): Locator {
    return this.menu.getByTestId(`menu-${id}`);
  }

  /** Right-click → Clone here. */
  async cloneHere(name: string): Promise<void> {
    await this.openMenuOn(name);
    await this.menuItem('clone-here').click();
  }

  /** Double-click a folder to open it. */
  async open(name: string): Promise<void> {
    await this.row(name).dblclick();
  }

  /** Properties of one entry (Alt+Enter), returning the dialog. */
  async properties(name: string): Promise<Locator> {
    await this.row(name).click();
    await this.page.keyboard.press('Alt+Enter');
    const d = this.page.getByTestId('properties-dialog');
    await expect(d).toBeVisible();
    return d;
  }
}
