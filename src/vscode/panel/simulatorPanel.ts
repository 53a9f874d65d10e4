// Runs in the extension host. One simulator panel: a webview showing one design document,
// fed its text and cursor, answering the page's requests (reveal a line, save an export).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import {
  assertNever,
  parsePageMessage,
  PNG_DATA_URL_PREFIX,
  type ExportMessage,
  type HostToPage,
  type Range as WireRange,
} from '../../shared/protocol';
import { lintOptionsFromSettings } from '../lintView';
import { makeNonce, panelHtml } from './html';

export const VIEW_TYPE = 'systemDesignLab.simulator';

/** Edits arrive per keystroke; the page renders at most one diagram at a time anyway. */
const TEXT_DEBOUNCE_MS = 120;
const CURSOR_DEBOUNCE_MS = 40;

/** Only the built page and static assets are loadable: nothing from the workspace, nothing remote. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class SimulatorPanel extends Disposable {
  private textTimer: ReturnType<typeof setTimeout> | undefined;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  private lastCursor: vscode.Position | undefined;
  /** The design to show (from a CodeLens), re-sent when the page (re)loads. */
  private designIndex: number | undefined;
  private pageReady = false;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly documentUri: vscode.Uri,
    private readonly extensionUri: vscode.Uri,
    savedState: unknown,
  ) {
    super();
    this.register(this.disposeEmitter);
    panel.webview.options = webviewOptions(extensionUri);
    panel.title = `Simulator: ${basename(documentUri)}`;
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)));
    panel.webview.html = this.html(savedState);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    clearTimeout(this.textTimer);
    clearTimeout(this.cursorTimer);
    this.disposeEmitter.fire();
    super.dispose();
    this.panel.dispose();
  }

  reveal(): void {
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  showDesign(index: number): void {
    this.designIndex = index;
    if (this.pageReady) this.post({ type: 'showDesign', uri: this.documentUri.toString(), index });
  }

  /** Sends the user's lint settings (already validated by the linter's settings reader). */
  sendLintSettings(): void {
    const config = vscode.workspace.getConfiguration('systemDesignLab');
    const { options } = lintOptionsFromSettings(config.get('rules'), config.get('availability.defaults'));
    this.post({
      type: 'lintSettings',
      rules: [...(options.rules ?? new Map())],
      availabilityDefaults: [...(options.availabilityDefaults ?? new Map())],
    });
  }

  /** The document changed: send its text once the typing pauses. */
  documentChanged(): void {
    clearTimeout(this.textTimer);
    this.textTimer = setTimeout(() => void this.sendDocument(), TEXT_DEBOUNCE_MS);
  }

  cursorMoved(position: vscode.Position): void {
    if (this.lastCursor?.isEqual(position)) return;
    this.lastCursor = position;
    clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(() => this.post({ type: 'cursor', uri: this.documentUri.toString(), position: { line: position.line, character: position.character } }), CURSOR_DEBOUNCE_MS);
  }

  private html(savedState: unknown): string {
    const webview = this.panel.webview;
    const asset = (...parts: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...parts)).toString();
    const doc = this.openDocument();
    return panelHtml(
      {
        cspSource: webview.cspSource,
        script: asset('dist', 'webview', 'main.js'),
        worker: asset('dist', 'webview', 'simWorker.js'),
        styles: [asset('dist', 'webview', 'main.css'), asset('media', 'panel.css')],
      },
      makeNonce((n) => randomBytes(n)),
      {
        uri: this.documentUri.toString(),
        fileName: basename(this.documentUri),
        languageId: doc?.languageId ?? 'mermaid',
        version: doc?.version ?? 0,
        text: doc?.getText() ?? '',
        ...(savedState !== undefined ? { state: savedState } : {}),
      },
    );
  }

  private openDocument(): vscode.TextDocument | undefined {
    const key = this.documentUri.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  }

  private async sendDocument(): Promise<void> {
    let doc = this.openDocument();
    if (!doc) {
      try {
        doc = await vscode.workspace.openTextDocument(this.documentUri);
      } catch {
        return; // deleted or unreadable: the page keeps what it last showed
      }
    }
    this.post({
      type: 'document',
      uri: this.documentUri.toString(),
      fileName: basename(this.documentUri),
      languageId: doc.languageId,
      version: doc.version,
      text: doc.getText(),
    });
  }

  private post(message: HostToPage): void {
    if (this.isDisposed) return;
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parsePageMessage(raw);
    if (!msg) return; // not ours, or malformed: ignored
    switch (msg.type) {
      case 'ready':
        this.pageReady = true;
        this.sendLintSettings();
        await this.sendDocument();
        if (this.designIndex !== undefined) this.post({ type: 'showDesign', uri: this.documentUri.toString(), index: this.designIndex });
        {
          const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.documentUri.toString());
          if (editor) {
            this.lastCursor = undefined;
            this.cursorMoved(editor.selection.active);
          }
        }
        return;
      case 'reveal':
        // The page may only point into its own document.
        if (msg.uri === this.documentUri.toString()) await this.revealRange(msg.range);
        return;
      case 'export':
        await this.saveExport(msg);
        return;
      default:
        assertNever(msg);
    }
  }

  private async revealRange(range: WireRange): Promise<void> {
    let doc = this.openDocument();
    try {
      doc ??= await vscode.workspace.openTextDocument(this.documentUri);
    } catch {
      return;
    }
    const clamp = (p: { line: number; character: number }): vscode.Position => doc!.validatePosition(new vscode.Position(p.line, p.character));
    const target = new vscode.Range(clamp(range.start), clamp(range.end));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: target,
      // Keep focus in the panel: the user is exploring the diagram; the editor just follows.
      preserveFocus: true,
    });
    editor.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async saveExport(msg: ExportMessage): Promise<void> {
    const ext = msg.format;
    const base = basename(this.documentUri).replace(/\.[^.]+$/, '') || 'design';
    const folder = this.documentUri.scheme === 'untitled' ? vscode.workspace.workspaceFolders?.[0]?.uri : vscode.Uri.joinPath(this.documentUri, '..');
    const target = await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${base}.${ext}`) } : {}),
      filters: ext === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      saveLabel: 'Export',
      title: `Export diagram as ${ext.toUpperCase()}`,
    });
    if (!target) {
      this.post({ type: 'exportResult', requestId: msg.requestId, outcome: 'cancelled' });
      return;
    }
    try {
      const bytes = ext === 'svg' ? Buffer.from(msg.data, 'utf8') : Buffer.from(msg.data.slice(PNG_DATA_URL_PREFIX.length), 'base64');
      await vscode.workspace.fs.writeFile(target, bytes);
      this.post({ type: 'exportResult', requestId: msg.requestId, outcome: 'saved', detail: target.fsPath || target.toString() });
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      this.post({ type: 'exportResult', requestId: msg.requestId, outcome: 'failed', detail });
      void vscode.window.showErrorMessage(`Could not export the diagram: ${detail}`);
    }
  }
}

function basename(uri: vscode.Uri): string {
  const path = uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || path;
}
