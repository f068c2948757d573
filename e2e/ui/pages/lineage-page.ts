import { expect, type Locator, type Page } from '@playwright/test';

/** The lineage graph. */
export class LineagePage {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('lineage-view');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('view-lineage').click();
    await expect(this.root).toBeVisible({ timeout: 20_000 });
  }

  node(id: string): Locator {
    return this.root.locator(`[data-testid="lineage-node"][data-id="${id}"]`);
  }

  /** "volume" | "snapshot" | "clone" of a node, as drawn. */
  async kindOf(id: string): Promise<string | null> {
    return this.node(id).getAttribute('data-kind');
  }

  async expectKind(id: string, kind: string): Promise<void> {
    await expect(this.node(id)).toHaveAttribute('data-kind', kind, { timeout: 20_000 });
  }

  /** The one-click Promote on a clone node (opens the plan dialog). */
  async promote(id: string): Promise<void> {
    await this.node(id).getByTestId('lineage-promote').click();
  }
}
