// Runs in Node (the end-to-end runner): the workbench as a person sees it, through selectors
// that held on code-server 4.139.1 (shared/notes/vscode-e2e.md). No sleeps: every step waits
// on a locator, with generous timeouts because the machine is shared (2 cores).
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** Long enough for a loaded 2-core machine, short enough that a hang fails the run. */
export const TIMEOUT = 90_000;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A row of the Problems panel as a person reads it. */
export interface ProblemRow {
  /** The row's whole text, whitespace collapsed. */
  text: string;
  /** Only on a marker's row: its icon, message, source ("System Design Lab"), code (the rule id), `[Ln 10, Col 11]`. */
  severity?: string;
  message?: string;
  source?: string;
  code?: string;
  position?: string;
}

function toProblemRow(r: { text: string; severity?: string; message?: string; source?: string; code?: string; position?: string }): ProblemRow {
  const row: ProblemRow = { text: r.text };
  for (const k of ['severity', 'message', 'source', 'code', 'position'] as const) if (r[k] !== undefined) row[k] = r[k];
  return row;
}

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

  /**
   * F1, the command's title, Enter: the way a person runs a command. In a fresh window the
   * palette can list no extension commands the first time it opens ("No matching commands" for a
   * contributed title) and it does not refresh while open, so it is closed and opened again until
   * the command is listed, within `timeoutMs`.
   */
  async runCommand(title: string, timeoutMs = TIMEOUT): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    const label = (text: RegExp) => rows.filter({ has: this.page.locator('.label-name', { hasText: text }) });
    const row = label(new RegExp(`^${escapeRegExp(title)}$`)).first();
    const noMatch = label(/^No matching commands$/).first();
    const deadline = Date.now() + timeoutMs;
    const left = () => Math.max(1, deadline - Date.now());
    let listed: string[] = [];
    for (let attempt = 1; ; attempt++) {
      // Another quick input (an input box, Go to Line) may be open: start from a closed palette.
      if (await widget.isVisible()) {
        await this.page.keyboard.press('Escape');
        await widget.waitFor({ state: 'hidden', timeout: left() });
      }
      await this.page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: left() });
      await input.fill(`>${title}`);
      // The palette answers with the command's row or "No matching commands"; neither within
      // 10 s means it is still busy: reopen it as well.
      await row.or(noMatch).first().waitFor({ state: 'visible', timeout: Math.min(10_000, left()) }).catch(() => undefined);
      if (await row.isVisible()) {
        await row.click();
        // The palette closes, or the command reuses the widget for its own input box.
        await this.page.waitForFunction(
          (typed) => {
            const w = document.querySelector<HTMLElement>('.quick-input-widget');
            const box = w?.querySelector<HTMLInputElement>('.quick-input-box input');
            return !w || w.style.display === 'none' || w.classList.contains('quick-input-widget-closing') || box?.value !== typed;
          },
          `>${title}`,
          { timeout: left() },
        ).catch((err: unknown) => {
          // A command that reloads the window (Developer: Reload Window) takes the page with it.
          if (!/context was destroyed|navigat/i.test(String(err))) throw err;
        });
        return;
      }
      listed = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      await this.page.keyboard.press('Escape');
      if (Date.now() >= deadline) {
        throw new Error(
          `the command palette did not list "${title}" within ${timeoutMs / 1000} s (opened ${attempt} times; it last listed: ${listed.join(' | ') || 'nothing'})`,
        );
      }
      // Back off a little before reopening: the workbench is still registering contributions.
      await this.page.waitForTimeout(Math.min(500 * attempt, 3000));
    }
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

  /**
   * Opens the Problems panel (Ctrl+Shift+M) and reads every row, scrolling through the list (it
   * renders only the rows in view). Markers come with their parts; a marker's related locations
   * and the file rows are kept as plain text.
   */
  async problems(): Promise<ProblemRow[]> {
    const panel = this.page.locator('.markers-panel');
    // Ctrl+Shift+M toggles: press it only while the panel is not showing.
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: TIMEOUT });
    const list = panel.locator('.monaco-list').first();
    // Markers for an open file come with it: wait for its row, or the panel's "no problems" message.
    await panel.locator('.monaco-list-row').first().or(panel.locator('.message-box-container', { hasText: /No problems/ })).first()
      .waitFor({ state: 'visible', timeout: TIMEOUT });
    const rows = new Map<number, ProblemRow>();
    const readVisible = () =>
      list.locator('.monaco-list-row').evaluateAll((els) =>
        els.map((el) => {
          const part = (sel: string) => (el.querySelector(sel) as HTMLElement | null)?.innerText.trim();
          const icon = el.querySelector('.marker-icon');
          const severity = icon ? (['error', 'warning', 'info'].find((s) => icon.classList.contains(s)) ?? 'unknown') : undefined;
          return {
            index: Number(el.getAttribute('data-index')),
            last: el.getAttribute('data-last-element') === 'true',
            text: (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
            severity,
            message: part('.marker-message'),
            source: part('.marker-source'),
            code: part('.marker-code'),
            position: part('.marker-line'),
          };
        }),
      );
    if ((await list.locator('.monaco-list-row').count()) > 0) {
      await list.hover();
      await this.page.mouse.wheel(0, -1_000_000);
      for (let turn = 0; turn < 500; turn++) {
        const seen = await readVisible();
        for (const r of seen) if (!rows.has(r.index)) rows.set(r.index, toProblemRow(r));
        if (seen.some((r) => r.last) || seen.length === 0) break;
        const before = Math.max(...seen.map((r) => r.index));
        await this.page.mouse.wheel(0, 200);
        // The list re-renders on the next frame: wait for a row further down than before.
        await this.page
          .waitForFunction(
            ([sel, max]) => [...document.querySelectorAll(sel)].some((e) => Number(e.getAttribute('data-index')) > max),
            ['.markers-panel .monaco-list-row', before] as const,
            { timeout: 5_000 },
          )
          .catch(() => undefined);
      }
    }
    return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  }

  /** The markers (not their related locations, not the file rows) in the Problems panel. */
  async problemMarkers(): Promise<ProblemRow[]> {
    return (await this.problems()).filter((r) => r.severity !== undefined);
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
