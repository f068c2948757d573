import { expect, type Locator, type Page } from '@playwright/test';

/** The plan → confirm → commit dialog. */
export class PlanDialog {
  readonly root: Locator;
  readonly items: Locator;
  readonly confirm: Locator;
  readonly commitButton: Locator;
  readonly blockers: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('plan-dialog');
    this.items = this.root.getByTestId('plan-item');
    this.confirm = this.root.getByTestId('plan-confirm');
    this.commitButton = this.root.getByTestId('plan-commit');
    this.blockers = this.root.getByTestId('plan-blockers');
  }

  async waitReady(): Promise<void> {
    await expect(this.commitButton).toBeVisible({ timeout: 30_000 });
  }

  /** Labels of the items with an action ("destroy", "move"…). */
  async itemLabels(action?: string): Promise<string[]> {
    const sel = action ? this.root.locator(`[data-testid="plan-item"][data-action="${action}"]`) : this.items;
    return sel.evaluateAll((els) => els.map((e) => e.querySelector('.font-mono')?.textContent ?? ''));
  }

  async includeDependents(): Promise<void> {
    await this.root.getByTestId('plan-include-dependents').click();
    await expect(this.root.getByTestId('plan-include-dependents')).toBeHidden({ timeout: 30_000 });
    await this.waitReady();
  }

  async commit(): Promise<void> {
    await expect(this.commitButton).toBeEnabled();
    await this.commitButton.click();
    await expect(this.root).toBeHidden({ timeout: 30_000 });
  }
}
