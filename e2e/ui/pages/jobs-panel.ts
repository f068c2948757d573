import { expect, type Locator, type Page } from '@playwright/test';

/** The jobs panel. */
export class JobsPanel {
  readonly root: Locator;
  readonly rows: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('jobs-panel');
    this.rows = this.root.getByTestId('job-row');
  }

  async open(): Promise<void> {
    if (!(await this.root.isVisible())) await this.page.getByTestId('toggle-jobs').click();
    await expect(this.root).toBeVisible();
  }

  /** Wait for the newest job of a kind to end in a state. */
  async expectNewest(kind: string, state: 'done' | 'failed' | 'cancelled', timeout = 60_000): Promise<void> {
    await expect(this.root.locator(`[data-testid="job-row"][data-kind="${kind}"]`).first()).toHaveAttribute('data-state', state, { timeout });
  }
}
