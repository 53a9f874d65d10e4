// Runs in Node (the end-to-end runner): the workbench as a person sees it, through selectors
// that held on code-server 4.139.1 (shared/notes/vscode-e2e.md). No sleeps: every step waits
// on a locator, with generous timeouts because the machine is shared (2 cores).
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** Long enough for a loaded 2-core machine, short enough that a hang fails the run. */
export const TIMEOUT = 90_000;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Workbench {
  constructor(
    readonly page: Page,
    private readonly artifacts: string,
  ) {}

  // ---- Explorer and editors

  /** The Explorer row of a file or folder, matched by its exact name. */
  explorerRow(name: string): Locator {
    return this.page
      .locator('.explorer-folders-view .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });
  }

  /** The workbench is ready when the Explorer shows a file of the opened folder. */
  async waitForExplorer(fileName: string): Promise<void> {
    await this.explorerRow(fileName).first().waitFor({ state: 'visible', timeout: TIMEOUT });
  }

  /** Opens a file of examples/ from the Explorer (double-click: a pinned tab) and waits for its editor. */
  async openFile(name: string): Promise<Locator> {
    await this.explorerRow(name).first().dblclick();
    await this.page
      .locator('.tabs-container .tab.active', { hasText: name })
      .first()
      .waitFor({ state: 'visible', timeout: TIMEOUT });
    const editor = this.activeEditor();
    await editor.locator('.view-lines .view-line').first().waitFor({ state: 'visible', timeout: TIMEOUT });
    return editor;
  }

  /** The text editor in the active editor group. */
  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** A rendered line of the active editor whose text matches. */
  editorLine(text: string | RegExp): Locator {
    return this.activeEditor().locator('.view-lines .view-line', { hasText: text }).first();
  }

  /** The token (a coloured span) of a rendered line whose whole text is `token`. */
  token(line: Locator, token: string): Locator {
    return line.locator('span > span', { hasText: new RegExp(`^\\s*${escapeRegExp(token)}\\s*$`) }).first();
  }

  /** The token's text colour as the browser paints it. */
  async colorOf(token: Locator): Promise<string> {
    return token.evaluate((el) => getComputedStyle(el).color);
  }

  // ---- Command palette, status bar, notifications

  /** F1, the command's title, Enter: the way a person runs a command. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill(`>${title}`);
    const row = this.page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
      .first();
    await row.waitFor({ state: 'visible', timeout: TIMEOUT });
    await row.click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
  }

  /** The language indicator in the status bar ("Mermaid", "Markdown", ...). */
  languageIndicator(): Locator {
    return this.page.locator('[id="status.editor.mode"]');
  }

  /** Texts of the error notifications: toasts on screen and those in the notification center. */
  async errorNotifications(): Promise<string[]> {
    await this.runCommand('Notifications: Show Notifications');
    const center = this.page.locator('.notifications-center');
    await center.waitFor({ state: 'visible', timeout: TIMEOUT });
    const rows = this.page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item');
    const errors: string[] = [];
    for (const row of await rows.all()) {
      if ((await row.locator('.codicon-error').count()) > 0) errors.push((await row.innerText()).trim());
    }
    await this.runCommand('Notifications: Hide Notifications');
    return [...new Set(errors)];
  }

  // ---- Diagnostics

  /** Waits for squiggles in the active editor and returns how many there are. */
  async waitForSquiggles(kind: 'error' | 'warning' | 'info' | 'any' = 'any'): Promise<number> {
    const selector =
      kind === 'any' ? '.squiggly-error, .squiggly-warning, .squiggly-info' : `.squiggly-${kind}`;
    const squiggles = this.activeEditor().locator(selector);
    await squiggles.first().waitFor({ state: 'attached', timeout: TIMEOUT });
    return squiggles.count();
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns the text of each row. */
  async problemsRows(): Promise<string[]> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible', timeout: TIMEOUT });
    return (await panel.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  // ---- Webviews

  /** The content frame of the newest webview (a panel opened last). */
  newestWebviewFrame(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  }

  // ---- Artifacts and clean-up

  /** A screenshot kept in test-results/vscode/. */
  async screenshot(name: string): Promise<string> {
    const path = join(this.artifacts, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Back to a plain workbench between cases: no widget open, no editor open. */
  async reset(): Promise<void> {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
    if ((await this.page.locator('.tabs-container .tab').count()) > 0) {
      await this.runCommand('View: Close All Editors');
      // A dirty editor would ask to save: a case that edits must undo its edits itself.
      await this.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: TIMEOUT });
    }
  }
}
