// Runs in the extension host. Owns the simulator panels: the "Open Simulator" command, one
// panel per design document, restoring panels after a window reload, and forwarding edits and
// cursor moves to the panel showing that document.
import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import { parsePanelState } from '../../shared/protocol';
import { SimulatorPanel, VIEW_TYPE, webviewOptions } from './simulatorPanel';
import { escapeHtml } from './html';

export const OPEN_SIMULATOR_COMMAND = 'systemDesignLab.openSimulator';

/** Languages whose files can hold a design (DESIGN.md §2). */
const DESIGN_LANGUAGES = new Set(['mermaid', 'markdown']);

export class SimulatorPanels extends Disposable {
  private readonly panels = new Map<string, SimulatorPanel>();

  constructor(private readonly extensionUri: vscode.Uri) {
    super();
    this.register(vscode.commands.registerCommand(OPEN_SIMULATOR_COMMAND, (resource?: unknown, designIndex?: unknown) => this.open(resource, designIndex)));
    this.register(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.restore(panel, state),
      }),
    );
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.panels.get(e.document.uri.toString())?.documentChanged();
      }),
    );
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('systemDesignLab')) for (const p of this.panels.values()) p.sendLintSettings();
      }),
    );
    this.register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        this.panels.get(e.textEditor.document.uri.toString())?.cursorMoved(e.selections[0]?.active ?? e.textEditor.selection.active);
      }),
    );
  }

  override dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
    super.dispose();
  }

  /**
   * The command. From the editor title bar VS Code passes the file's Uri; from a CodeLens the
   * Uri and the index of the design in the file; from the palette nothing (the active editor).
   */
  async open(resource?: unknown, designIndex?: unknown): Promise<void> {
    const uri = resource instanceof vscode.Uri ? resource : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('Open a Mermaid design (.mmd, or Markdown with a ```mermaid block) to simulate it.');
      return;
    }
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch (err) {
      void vscode.window.showErrorMessage(`Cannot open ${uri.fsPath || uri.toString()}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (!DESIGN_LANGUAGES.has(document.languageId)) {
      void vscode.window.showInformationMessage('The simulator works on Mermaid files and Markdown files with ```mermaid blocks.');
      return;
    }
    const index = typeof designIndex === 'number' && Number.isInteger(designIndex) && designIndex >= 0 ? designIndex : undefined;
    this.createOrShow(document, index);
  }

  createOrShow(document: vscode.TextDocument, designIndex?: number): SimulatorPanel {
    const key = document.uri.toString();
    let panel = this.panels.get(key);
    if (panel) {
      panel.reveal();
    } else {
      const webviewPanel = vscode.window.createWebviewPanel(
        VIEW_TYPE,
        'Simulator',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        webviewOptions(this.extensionUri),
      );
      panel = this.track(new SimulatorPanel(webviewPanel, document.uri, this.extensionUri, undefined));
    }
    if (designIndex !== undefined) panel.showDesign(designIndex);
    return panel;
  }

  private async restore(webviewPanel: vscode.WebviewPanel, rawState: unknown): Promise<void> {
    const state = parsePanelState(rawState);
    let uri: vscode.Uri | undefined;
    try {
      uri = state ? vscode.Uri.parse(state.uri, true) : undefined;
    } catch {
      uri = undefined;
    }
    if (!uri) {
      webviewPanel.webview.options = { enableScripts: false, enableCommandUris: false, localResourceRoots: [] };
      webviewPanel.webview.html = notice('This simulator panel could not be restored. Open it again from a design file.');
      return;
    }
    const existing = this.panels.get(uri.toString());
    if (existing) {
      // Two saved panels for one document: keep the one already showing.
      webviewPanel.dispose();
      return;
    }
    try {
      await vscode.workspace.openTextDocument(uri);
    } catch {
      webviewPanel.webview.options = { enableScripts: false, enableCommandUris: false, localResourceRoots: [] };
      webviewPanel.webview.html = notice(`The design ${uri.fsPath || uri.toString()} is no longer available.`);
      return;
    }
    this.track(new SimulatorPanel(webviewPanel, uri, this.extensionUri, state));
  }

  private track(panel: SimulatorPanel): SimulatorPanel {
    const key = panel.documentUri.toString();
    this.panels.set(key, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
    return panel;
  }
}

/** A static page for panels that cannot come back: no scripts, nothing loaded. */
function notice(text: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"></head><body style="font-family: var(--vscode-font-family); padding: 1em">${escapeHtml(text)}</body></html>`;
}
