import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FilesPage } from './files-page';
import { JobsPanel } from './jobs-panel';
import { LineagePage } from './lineage-page';
import { PlanDialog } from './plan-dialog';
import { TimelinePage } from './timeline-page';

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'artifacts', 'screenshots');

/** The whole window: one object per screen. */
export class AppPage {
  readonly files: FilesPage;
  readonly timeline: TimelinePage;
  readonly lineage: LineagePage;
  readonly plan: PlanDialog;
  readonly jobs: JobsPanel;
  private visited = false;
  constructor(readonly page: Page, readonly base: string) {
    this.files = new FilesPage(page);
    this.timeline = new TimelinePage(page);
    this.lineage = new LineagePage(page);
    this.plan = new PlanDialog(page);
    this.jobs = new JobsPanel(page);
  }

  /** Open the app at a folder (the URL hash holds the folder; a reload starts afresh). */
  async openAt(path: string): Promise<void> {
    // The serve URL's token is exchanged for a session cookie on the first visit; after that, the origin.
    if (!this.visited) {
      await this.page.goto(this.base);
      await expect(this.page.getByTestId('file-pane')).toHaveAttribute('data-path', /^\//, { timeout: 20_000 });
      this.visited = true;
    }
    await this.page.goto(`${new URL(this.base).origin}/#${encodeURI(path)}`);
    await this.page.reload();
    await expect(this.page.getByTestId('file-pane')).toHaveAttribute('data-path', path, { timeout: 20_000 });
  }

  /** Save a screenshot of the window to e2e/artifacts/screenshots/<name>.png. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${name}.png`);
    await this.page.waitForTimeout(250); // let transitions settle
    await this.page.screenshot({ path });
    return path;
  }
}
