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
  /** 1: a file; 2: a marker of that file; 3: a marker's related location. */
  level: number;
  /** The file the row belongs to, as its file row names it (`url-shortener.mmd`). */
  file?: string;
  /** Only on a marker's row: its icon, message, source ("System Design Lab"), code (the rule id), `[Ln 10, Col 11]`. */
  severity?: string;
  message?: string;
  source?: string;
  code?: string;
  position?: string;
}

interface RawProblemRow {
  index: number;
  last: boolean;
  level: number;
  name?: string;
  text: string;
  severity?: string;
  message?: string;
  source?: string;
  code?: string;
  position?: string;
}

function toProblemRow(r: RawProblemRow, file: string | undefined): ProblemRow {
  const row: ProblemRow = { text: r.text, level: r.level };
  if (file !== undefined) row.file = file;
  for (const k of ['severity', 'message', 'source', 'code', 'position'] as const) if (r[k] !== undefined) row[k] = r[k];
  return row;
}

export class Workbench {
  /** Commands the palette did not list at the first typing, and how many more typings they took. */
  readonly paletteRetries: { title: string; typed: number; opened: number }[] = [];

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
   * F1, the command's title, Enter: the way a person runs a command. Right after the window
   * opens (or an extension activates) the palette can answer a contributed title with "No
   * matching commands": the title is typed again, and after a few tries the palette is closed
   * and opened afresh, until the command is listed or `timeoutMs` runs out. Every step waits on
   * what the palette shows, not on a clock.
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
    let typed = 0;
    for (let opened = 1; ; opened++) {
      // Another quick input (an input box, Go to Line) may be open: start from a closed palette.
      if (await widget.isVisible()) {
        await this.page.keyboard.press('Escape');
        await widget.waitFor({ state: 'hidden', timeout: left() });
      }
      await this.page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: left() });
      for (let retype = 0; retype < 3; retype++) {
        typed++;
        // Typing anew makes the palette filter its commands again, now with the late ones.
        if (retype > 0) {
          await input.fill('>');
          await rows.first().waitFor({ state: 'visible', timeout: Math.min(10_000, left()) }).catch(() => undefined);
        }
        await input.fill(`>${title}`);
        // The palette answers with the command's row or "No matching commands"; neither within
        // 10 s means it is still busy: type again.
        await row.or(noMatch).first().waitFor({ state: 'visible', timeout: Math.min(10_000, left()) }).catch(() => undefined);
        if (await row.isVisible()) {
          if (typed > 1) this.paletteRetries.push({ title, typed, opened });
          await row.click();
          await this.waitForPaletteToLetGo(`>${title}`, left());
          return;
        }
        listed = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
        if (Date.now() >= deadline) {
          await this.page.keyboard.press('Escape');
          throw new Error(
            `the command palette did not list "${title}" within ${timeoutMs / 1000} s (typed ${typed} times, opened ${opened} times; it last listed: ${listed.join(' | ') || 'nothing'})`,
          );
        }
      }
    }
  }

  /** After a command was picked: the palette closes, or the command reuses the widget for its own input. */
  private async waitForPaletteToLetGo(typed: string, timeoutMs: number): Promise<void> {
    await this.page
      .waitForFunction(
        (value) => {
          const w = document.querySelector<HTMLElement>('.quick-input-widget');
          const box = w?.querySelector<HTMLInputElement>('.quick-input-box input');
          return !w || w.style.display === 'none' || w.classList.contains('quick-input-widget-closing') || box?.value !== value;
        },
        typed,
        { timeout: timeoutMs },
      )
      .catch((err: unknown) => {
        // A command that reloads the window (Developer: Reload Window) takes the page with it.
        if (!/context was destroyed|navigat/i.test(String(err))) throw err;
      });
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
    // Escape hides the center (opening the palette to run Hide Notifications can already close
    // it, and the palette then no longer lists that command).
    if (await center.isVisible()) await this.page.keyboard.press('Escape');
    await center.waitFor({ state: 'hidden', timeout: TIMEOUT });
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
   * renders only the rows in view). Markers come with their parts and their file; a marker's
   * related locations and the file rows are kept as plain text.
   */
  async problems(): Promise<ProblemRow[]> {
    const panel = this.page.locator('.markers-panel');
    // Ctrl+Shift+M toggles: press it only while the panel is not showing.
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: TIMEOUT });
    const list = panel.locator('.monaco-list').first();
    // Markers for an open file come with it: wait for its row, or the panel's "no problems" message.
    await panel
      .locator('.monaco-list-row')
      .first()
      .or(panel.locator('.message-box-container', { hasText: /No problems/ }))
      .first()
      .waitFor({ state: 'visible', timeout: TIMEOUT });
    const raw = new Map<number, RawProblemRow>();
    const readVisible = () =>
      list.locator('.monaco-list-row').evaluateAll((els) =>
        // Sticky-scroll copies of the file rows are not rows of their own.
        els.filter((el) => !el.closest('.monaco-tree-sticky-container')).map((el) => {
          const part = (sel: string) => (el.querySelector(sel) as HTMLElement | null)?.innerText.trim();
          const icon = el.querySelector('.marker-icon');
          const severity = icon ? (['error', 'warning', 'info'].find((s) => icon.classList.contains(s)) ?? 'unknown') : undefined;
          return {
            index: Number(el.getAttribute('data-index')),
            last: el.getAttribute('data-last-element') === 'true',
            level: Number(el.getAttribute('aria-level') ?? '0'),
            name: part('.label-name'),
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
      // The panel keeps its scroll position between readings: wheel back to the top (in steps:
      // one huge delta is not taken in full) until the first row is rendered.
      const topRendered = () =>
        this.page
          .waitForFunction(
            (sel) => [...document.querySelectorAll(sel)].some((e) => e.getAttribute('data-index') === '0' && !e.closest('.monaco-tree-sticky-container')),
            '.markers-panel .monaco-list-row',
            { timeout: 2_000 },
          )
          .then(() => true, () => false);
      for (let turn = 0; !(await topRendered()); turn++) {
        if (turn === 100) throw new Error('the Problems panel did not scroll back to its first row');
        await this.page.mouse.wheel(0, -2_000);
      }
      for (let turn = 0; turn < 500; turn++) {
        const seen = await readVisible();
        for (const r of seen) if (!raw.has(r.index)) raw.set(r.index, r);
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
    let file: string | undefined;
    return [...raw.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, r]) => {
        if (r.level === 1) file = r.name;
        return toProblemRow(r, file);
      });
  }

  /** The markers (not their related locations, not the file rows) in the Problems panel, of one file or all. */
  async problemMarkers(file?: string): Promise<ProblemRow[]> {
    return (await this.problems()).filter((r) => r.severity !== undefined && r.level !== 3 && (file === undefined || r.file === file));
  }

  /** The text of every row of the Problems panel. */
  async problemsRows(): Promise<string[]> {
    return (await this.problems()).map((r) => r.text);
  }

  /**
   * Reads the Problems panel again and again until `accept` holds (diagnostics follow an edit
   * after the extension's debounce); returns the last reading, or throws with it after `timeoutMs`.
   */
  async waitForProblemMarkers(file: string, accept: (rows: ProblemRow[]) => boolean, timeoutMs = TIMEOUT): Promise<ProblemRow[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.problemMarkers(file);
      if (accept(rows)) return rows;
      if (Date.now() >= deadline) {
        throw new Error(`the Problems panel never showed what was expected for ${file}; it shows:\n${rows.map((r) => r.text).join('\n')}`);
      }
      // Pace the re-reading: the panel updates when the extension republishes.
      await this.page.waitForTimeout(500);
    }
  }

  /**
   * The kinds of squiggle (`error`, `warning`, `info`) on each line of the active editor, by
   * 1-based line number, for the lines in view: a squiggle and its line number share a `top`.
   */
  async squiggleLines(): Promise<Map<number, string[]>> {
    const found = await this.activeEditor().evaluate((editor) => {
      const numbers = new Map<string, number>();
      for (const n of editor.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers')) {
        const top = n.parentElement?.style.top;
        if (top) numbers.set(top, Number(n.innerText.trim()));
      }
      const lines: [number, string][] = [];
      for (const sq of editor.querySelectorAll<HTMLElement>('.view-overlays .squiggly-error, .view-overlays .squiggly-warning, .view-overlays .squiggly-info')) {
        const kind = ['error', 'warning', 'info'].find((k) => sq.classList.contains(`squiggly-${k}`))!;
        lines.push([numbers.get(sq.parentElement?.style.top ?? '') ?? -1, kind]);
      }
      return lines;
    });
    const byLine = new Map<number, string[]>();
    for (const [line, kind] of found) byLine.set(line, [...(byLine.get(line) ?? []), kind]);
    return byLine;
  }

  /** Moves the cursor with Go to Line (Ctrl+G, `line:column`) and waits for the status bar to show it. */
  async goTo(line: number, column: number): Promise<void> {
    const status = this.page.locator('[id="status.editor.selection"]');
    await this.activeEditor().locator('.view-lines').first().click();
    await this.page.keyboard.press('Control+g');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await status.filter({ hasText: new RegExp(`Ln ${line}, Col ${column}\\b`) }).waitFor({ state: 'visible', timeout: TIMEOUT });
  }

  // ---- CodeLens, light bulb, quick fixes

  /** The titles of each CodeLens line in the active editor, top to bottom (`$(icon)`s read as their text). */
  async codeLenses(): Promise<string[][]> {
    const lenses = this.activeEditor().locator('.contentWidgets .codelens-decoration');
    await lenses.first().waitFor({ state: 'visible', timeout: TIMEOUT });
    const lines = await lenses.evaluateAll((els) =>
      els
        .map((el) => ({
          top: parseFloat((el as HTMLElement).style.top || '0'),
          titles: [...el.children].map((c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim()).filter((t) => t !== '|' && t !== ''),
        }))
        .sort((a, b) => a.top - b.top),
    );
    return lines.map((l) => l.titles);
  }

  /** The light bulb in the active editor; `autofix` when a preferred quick fix is on offer. */
  lightBulb(): Locator {
    return this.activeEditor().locator('.lightBulbWidget[class*="codicon-light"]');
  }

  /** Opens the quick fix menu at the cursor (Ctrl+.) and returns the titles of its actions. */
  async quickFixes(): Promise<string[]> {
    const actions = this.page.locator('.action-widget .monaco-list-row.action');
    await this.page.keyboard.press('Control+.');
    await actions.first().waitFor({ state: 'visible', timeout: TIMEOUT });
    return (await actions.locator('.title').allInnerTexts()).map((t) => t.trim());
  }

  /** Picks an action of the open quick fix menu by its exact title; the menu closes. */
  async applyQuickFix(title: string): Promise<void> {
    const row = this.page
      .locator('.action-widget .monaco-list-row.action')
      .filter({ has: this.page.locator('.title', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
      .first();
    await row.waitFor({ state: 'visible', timeout: TIMEOUT });
    await row.click();
    await this.page.locator('.action-widget .monaco-list-row.action').first().waitFor({ state: 'hidden', timeout: TIMEOUT });
  }

  // ---- Input boxes of a multi-step command

  /**
   * Waits for the step of a command's input box whose title reads `title` (`Estimate QPS (2/4)`),
   * types `value` over what it holds (unless undefined: keep the default), and presses Enter.
   */
  async answerInputStep(title: string, value?: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }).waitFor({ state: 'visible', timeout: TIMEOUT });
    const input = widget.locator('.quick-input-box input');
    if (value !== undefined) {
      await input.fill(value);
    }
    await input.press('Enter');
    // Answered: the step's title goes (the next step, a result, or an error takes its place).
    await widget.locator('.quick-input-title', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }).waitFor({ state: 'hidden', timeout: TIMEOUT });
  }

  // ---- Running extensions

  /**
   * Developer: Show Running Extensions, and the activation time VS Code measured for an extension
   * (`Activation: 275ms`). The list renders only the rows in view, slowest activation first, so
   * when ours is not among them it wheels down a step at a time until it is.
   */
  async activationTime(displayName: string): Promise<string> {
    await this.runCommand('Developer: Show Running Extensions');
    const editor = this.page.locator('.runtime-extensions-editor');
    await editor.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: TIMEOUT });
    const rows = editor.locator('.monaco-list-row');
    const time = rows
      .filter({ has: this.page.locator('.name', { hasText: new RegExp(`^${escapeRegExp(displayName)}$`) }) })
      .first()
      .locator('.activation-time')
      .filter({ hasText: /\d/ });
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const shown = await time.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
      if (shown) break;
      if (Date.now() >= deadline) {
        const inView = (await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim()))).join('\n  ');
        throw new Error(`Running Extensions never showed an activation time for ${displayName}; rows in view:\n  ${inView}`);
      }
      await editor.locator('.monaco-list').hover();
      await this.page.mouse.wheel(0, 200);
    }
    const text = (await time.innerText()).trim();
    await this.page.keyboard.press('Escape');
    await editor.waitFor({ state: 'hidden', timeout: TIMEOUT }).catch(() => undefined);
    return text;
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
