// Runs in the extension host. Quick fixes, hovers, CodeLens and the status bar over lint
// results; the words they show come from lintView.ts (pure, unit-tested).
import * as vscode from 'vscode';
import type { Design } from '../core/design/types';
import { diagramHeaderLine, type DesignLintResult } from '../core/lint/index';
import { Disposable } from './dispose';
import { LintDiagnostics, toRange } from './lintDiagnostics';
import {
  availabilityBreakdown,
  availabilityTitle,
  componentAt,
  componentHover,
  findingHover,
  findingsTitle,
  inside,
  statusBar,
} from './lintView';
import { DESIGN_SELECTOR, LintStore } from './lintStore';
import { OPEN_SIMULATOR_COMMAND } from './panel/simulatorPanels';

export const SHOW_AVAILABILITY_COMMAND = 'systemDesignLab.showAvailability';

export class LintCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly store: LintStore) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const actions: vscode.CodeAction[] = [];
    const titles = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      const finding = this.store.findingFor(doc, diagnostic);
      for (const fix of finding?.fixes ?? []) {
        // One "Disable <rule>" per rule, however many of its diagnostics are under the cursor.
        if (titles.has(fix.title)) continue;
        titles.add(fix.title);
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred === true;
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) edit.replace(doc.uri, toRange(e.range), e.newText);
        action.edit = edit;
        actions.push(action);
      }
    }
    return actions;
  }
}

export class LintHover implements vscode.HoverProvider {
  constructor(private readonly store: LintStore) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const result = this.store.get(doc);
    if (!result) return undefined;
    const pos = { line: position.line, character: position.character };
    const parts: vscode.MarkdownString[] = [];
    const design = result.designs.find((d) => inside(d.design.range, pos));
    const component = design && componentAt(design.design, pos);
    if (design && component) parts.push(new vscode.MarkdownString(componentHover(design, component)));
    const seen = new Set<string>();
    for (const f of result.findings) {
      if (!inside(f.range, pos) || seen.has(f.rule)) continue;
      seen.add(f.rule);
      parts.push(new vscode.MarkdownString(findingHover(f)));
    }
    return parts.length > 0 ? new vscode.Hover(parts) : undefined;
  }
}

/** What a diagram's lenses are made from. */
export interface LensInput {
  uri: vscode.Uri;
  /** Index of the design in its document. */
  index: number;
  result: DesignLintResult;
}

/**
 * The lenses over each diagram, left to right. A feature adds its own with one line, e.g.
 * `(d) => ({ title: 'Open simulator', command: 'systemDesignLab.openSimulator', arguments: [d.uri, d.index] })`.
 */
export const DIAGRAM_LENSES: ((d: LensInput) => vscode.Command)[] = [
  (d) => ({
    title: availabilityTitle(d.result.availability, d.result.design.requirements.availability),
    command: SHOW_AVAILABILITY_COMMAND,
    arguments: [d.uri, d.index],
  }),
  (d) => ({ title: findingsTitle(d.result.findings), command: 'workbench.actions.view.problems' }),
  (d) => ({ title: '$(pulse) Open simulator', command: OPEN_SIMULATOR_COMMAND, arguments: [d.uri, d.index] }),
];

export class LintCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly store: LintStore) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const result = this.store.get(doc);
    if (!result) return [];
    const lenses: vscode.CodeLens[] = [];
    result.designs.forEach((d, index) => {
      const line = headerFileLine(d.design);
      const range = new vscode.Range(line, 0, line, 0);
      for (const make of DIAGRAM_LENSES) lenses.push(new vscode.CodeLens(range, make({ uri: doc.uri, index, result: d })));
    });
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The file line of a diagram's `flowchart …` keyword: where its lenses sit. */
function headerFileLine(design: Design): number {
  return design.range.start.line + diagramHeaderLine(design.source);
}

/** The availability of the design under the cursor (or the file's first), in the status bar. */
export class LintStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('systemDesignLab.availability', vscode.StatusBarAlignment.Right, 100));

  constructor(private readonly store: LintStore) {
    super();
    this.item.name = 'System Design Lab availability';
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this.register(vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor === vscode.window.activeTextEditor && this.update()));
    this.update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const result = editor && this.store.get(editor.document);
    if (!editor || !result || result.designs.length === 0) {
      this.item.hide();
      return;
    }
    const pos = { line: editor.selection.active.line, character: editor.selection.active.character };
    let index = result.designs.findIndex((d) => inside(d.design.range, pos));
    if (index < 0) index = result.designs.findIndex((d) => d.availability !== undefined);
    const shown = statusBar(result.designs[index]);
    if (!shown) {
      this.item.hide();
      return;
    }
    this.item.text = shown.text;
    this.item.tooltip = shown.tooltip;
    this.item.backgroundColor = shown.belowTarget ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = { title: 'Show availability', command: SHOW_AVAILABILITY_COMMAND, arguments: [editor.document.uri, index] };
    this.item.show();
  }
}

/** The availability breakdown as a quick pick; picking a component reveals it. */
export async function showAvailability(store: LintStore, uri?: vscode.Uri, index = 0): Promise<void> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  const result = doc && store.get(doc)?.designs[index];
  if (!doc || !result || !result.availability) {
    void vscode.window.showInformationMessage('System Design Lab: no design with a client path to compute availability for.');
    return;
  }
  const items = availabilityBreakdown(result);
  const picked = await vscode.window.showQuickPick(items, {
    title: availabilityTitle(result.availability, result.design.requirements.availability),
    placeHolder: 'Components by their share of the downtime',
  });
  const component = picked && result.design.components.find((c) => c.id === picked.componentId);
  if (!component) return;
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(toRange(component.range).start, toRange(component.range).end);
  editor.revealRange(toRange(component.range));
}

/** Everything lint adds to the editor, as one disposable. */
export class LintFeatures extends Disposable {
  constructor() {
    super();
    const store = this.register(new LintStore());
    const diagnostics = this.register(new LintDiagnostics(store));
    const lens = this.register(new LintCodeLens(store));
    const status = this.register(new LintStatusBar(store));
    this.register(
      vscode.languages.registerCodeActionsProvider(DESIGN_SELECTOR, new LintCodeActions(store), {
        providedCodeActionKinds: LintCodeActions.providedCodeActionKinds,
      }),
    );
    this.register(vscode.languages.registerHoverProvider(DESIGN_SELECTOR, new LintHover(store)));
    this.register(vscode.languages.registerCodeLensProvider(DESIGN_SELECTOR, lens));
    this.register(
      diagnostics.onDidUpdate(() => {
        lens.refresh();
        status.update();
      }),
    );
    this.register(
      vscode.commands.registerCommand(SHOW_AVAILABILITY_COMMAND, (uri?: vscode.Uri, index?: number) => showAvailability(store, uri, index)),
    );
  }
}

