// What a user does in the code-server workbench, as page actions shared by the e2e tests: Quick Open, the command
// palette, quick picks, the Problems rows and the active webview's content frame.
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';

export interface Workbench {
  /** Keys typed next go to the workbench: a focused webview (an iframe) keeps keystrokes such as Ctrl+P for itself. */
  focus(): Promise<void>;
  /** Opens a workspace file through Quick Open, waiting until the active editor shows it. */
  openFile(relative: string): Promise<void>;
  /** Runs a palette command by its label. */
  runCommand(label: string): Promise<void>;
  /** Picks the quick-pick row showing `text` (waits for the picker to list it). */
  pick(text: string): Promise<void>;
  /** Waits until the quick input titled `title` shows. */
  titled(title: string): Promise<void>;
  /**
   * Accepts the quick input titled `title` with Enter once it shows, again while it still shows: an Enter pressed
   * while the workbench swaps one picker for the next can be lost (a CI run's screenshot showed the input box still
   * open with its default after the Enter).
   */
  accept(title: string): Promise<void>;
  problemRows(): Promise<string[]>;
  /** The content frame of the active webview: code-server nests it (webview iframe → #active-frame). */
  activeWebview(): FrameLocator;
}

export function workbench(page: () => Page): Workbench {
  const focus = async () => {
    await page().evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  };
  const quickInputTitled = (title: string) =>
    page().locator('.quick-input-widget .quick-input-title', { hasText: title });
  return {
    focus,
    async openFile(relative) {
      await focus();
      await page().keyboard.press('Control+P');
      const input = page().locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(relative);
      // Enter opens the focused row: wait until it is this file (recently opened files come first until the filter applies).
      await page()
        .locator('.quick-input-list .monaco-list-row.focused')
        .filter({ hasText: path.basename(relative) })
        .filter({ hasText: path.dirname(relative) })
        .waitFor({ timeout: 15_000 });
      await page().keyboard.press('Enter');
      // Tabs show only the file name (several model.onnx here); the breadcrumbs show the folders too.
      const breadcrumbs = page().locator('.editor-group-container.active .breadcrumbs-control');
      const wanted = relative.split('/').join(' ');
      const deadline = Date.now() + 15_000;
      let shown = '';
      while (Date.now() < deadline) {
        shown = (await breadcrumbs.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
        if (shown.startsWith(wanted)) return;
        await page().waitForTimeout(200);
      }
      throw new Error(`${relative} did not open (the active editor's breadcrumbs show "${shown}")`);
    },
    async runCommand(label) {
      await focus();
      await page().keyboard.press('F1');
      const input = page().locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${label}`);
      await page()
        .locator('.quick-input-list .monaco-list-row', { hasText: label })
        .first()
        .waitFor({ timeout: 10_000 });
      await page().keyboard.press('Enter');
    },
    async pick(text) {
      const row = page().locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
      await row.waitFor({ timeout: 20_000 });
      await row.click();
    },
    titled: (title) => quickInputTitled(title).waitFor({ timeout: 20_000 }),
    async accept(title) {
      await quickInputTitled(title).waitFor({ timeout: 20_000 });
      for (let attempt = 0; attempt < 3; attempt++) {
        await page().keyboard.press('Enter');
        if (
          await quickInputTitled(title)
            .waitFor({ state: 'hidden', timeout: 5_000 })
            .then(
              () => true,
              () => false,
            )
        )
          return;
      }
      throw new Error(`the quick input "${title}" stayed open after three Enters`);
    },
    problemRows: () => page().locator('.markers-panel .monaco-list-row').allInnerTexts(),
    activeWebview: () => page().frameLocator('iframe.webview.ready').last().frameLocator('#active-frame'),
  };
}
