// Runs in the extension host. "System Design: Estimate …" commands: walk through the
// estimator's inputs in input boxes, show the result as a read-only Markdown document
// (`sdlab-estimate:/QPS estimate.md`) beside the editor, and copy it or insert it at the cursor.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { parseDesignDocument } from '../../core/design/index';
import type { Design } from '../../core/design/types';
import {
  ESTIMATORS,
  ESTIMATOR_NAMES,
  estimatesFromRequirements,
  runEstimator,
  type Estimate,
  type EstimatorName,
  type EstimatorSpec,
  type FormSpec,
} from '../../core/estimate/index';
import { askPick, askText, BACK } from './input';
import {
  HAS_RESULT_CONTEXT,
  REMEMBERED_KEY,
  RESULT_SCHEME,
  commandId,
  designAt,
  insertionText,
  notificationText,
  placeInsertion,
  promptsFor,
  remember,
  rememberedInputs,
  resultDocument,
  requirementsText,
  resultPath,
  validatePrompt,
} from './plan';

const COPY = 'Copy as Markdown';
const INSERT = 'Insert at Cursor';

/** Where "Insert at Cursor" goes: the last place the user's cursor was in one of their own files. */
interface InsertTarget {
  uri: vscode.Uri;
  selection: vscode.Selection;
}

/** Schemes of editors that are not the user's files (our results, output panels, diffs' git side). */
const NOT_USER_SCHEMES = new Set([RESULT_SCHEME, 'output', 'git', 'vscode-scm', 'comment', 'walkThroughSnippet']);

/** Results by document path, served read-only to the editor. */
class ResultDocuments implements vscode.TextDocumentContentProvider {
  private readonly results = new Map<string, Estimate[]>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The path shown most recently: what Copy and Insert use when no result is in focus. */
  last: string | undefined;

  set(path: string, estimates: Estimate[]): vscode.Uri {
    this.results.set(path, estimates);
    this.last = path;
    const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path });
    this.changed.fire(uri);
    return uri;
  }

  get(uri: vscode.Uri | undefined): Estimate[] | undefined {
    if (uri?.scheme === RESULT_SCHEME && this.results.has(uri.path)) return this.results.get(uri.path);
    return this.last !== undefined ? this.results.get(this.last) : undefined;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const estimates = this.results.get(uri.path);
    if (!estimates) {
      return '# Estimate\n\nThis result was computed in an earlier session and is gone. Run the estimate command again (System Design: Estimate …).\n';
    }
    return resultDocument(estimates);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export interface EstimateCommands {
  disposables: vscode.Disposable[];
  /** Shows estimates computed elsewhere (the design command) the same way. */
  show(estimates: Estimate[], path: string): Promise<void>;
}

/** Registers every estimate command; the caller owns the returned disposables. */
export function registerEstimateCommands(context: vscode.ExtensionContext): EstimateCommands {
  const documents = new ResultDocuments();
  let target: InsertTarget | undefined;

  const track = (editor: vscode.TextEditor | undefined) => {
    if (editor && !NOT_USER_SCHEMES.has(editor.document.uri.scheme)) {
      target = { uri: editor.document.uri, selection: editor.selection };
    }
  };
  track(vscode.window.activeTextEditor);

  const show = async (estimates: Estimate[], path: string): Promise<void> => {
    const hadUserEditor = target !== undefined && vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === target!.uri.toString());
    const uri = documents.set(path, estimates);
    const doc = await vscode.workspace.openTextDocument(uri);
    const visible = vscode.window.visibleTextEditors;
    const open = visible.find((e) => e.document.uri.toString() === uri.toString()) ?? visible.find((e) => e.document.uri.scheme === RESULT_SCHEME);
    // Results share one column, beside the user's file, so the cursor they may insert at stays in view.
    const viewColumn = open?.viewColumn ?? (hadUserEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active);
    await vscode.window.showTextDocument(doc, { viewColumn, preview: false });
    await vscode.commands.executeCommand('setContext', HAS_RESULT_CONTEXT, true);
    const [first] = estimates;
    if (!first) return;
    const actions = target ? [COPY, INSERT] : [COPY];
    void vscode.window.showInformationMessage(notificationText(first), ...actions).then((choice) => {
      if (choice === COPY) void guarded('Copy Estimate', copy)(estimates);
      if (choice === INSERT) void guarded('Insert Estimate', insert)(estimates);
    });
  };

  const copy = async (estimates: Estimate[]): Promise<void> => {
    await vscode.env.clipboard.writeText(insertionText(estimates, 'markdown'));
    vscode.window.setStatusBarMessage(`$(copy) ${estimates[0]?.title ?? 'Estimate'} copied as a Markdown table`, 4000);
  };

  const insert = async (estimates: Estimate[]): Promise<void> => {
    if (!target) {
      void vscode.window.showWarningMessage('Place the cursor in a file first, then run "Insert Estimate at Cursor".');
      return;
    }
    const { uri, selection } = target;
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor =
      vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()) ??
      (await vscode.window.showTextDocument(doc, { selection, preview: false }));
    const at = editor.selection;
    const line = doc.lineAt(at.start.line).text;
    const text = placeInsertion(insertionText(estimates, doc.languageId), {
      before: line.slice(0, at.start.character),
      after: doc.lineAt(at.end.line).text.slice(at.end.character),
      previousLine: at.start.line > 0 ? doc.lineAt(at.start.line - 1).text : undefined,
      mermaid: doc.languageId === 'mermaid',
    });
    const ok = await editor.edit((b) => b.replace(at, text));
    if (!ok) void vscode.window.showErrorMessage(`Could not insert the estimate into ${vscode.workspace.asRelativePath(uri)}.`);
  };

  const run = async (name: EstimatorName): Promise<void> => {
    const spec = ESTIMATORS.get(name)!;
    const remembered = rememberedInputs(context.globalState.get(REMEMBERED_KEY), name);
    const walked = await walk(spec, remembered);
    if (!walked) return;
    const outcome = runEstimator(name, walked);
    if (!outcome.ok) {
      const field = spec.fields.find((f) => f.key === outcome.error.field);
      void vscode.window.showErrorMessage(`${spec.title}: ${field ? `${field.label}: ` : ''}${outcome.error.message}`);
      return;
    }
    await context.globalState.update(REMEMBERED_KEY, remember(context.globalState.get(REMEMBERED_KEY), name, walked));
    await show([outcome.estimate], resultPath(outcome.estimate.title));
  };

  /** "Estimate from This Design": the `%% @design` requirements of the design at the cursor. */
  const fromDesign = async (): Promise<void> => {
    const active = vscode.window.activeTextEditor;
    const editor = active && !NOT_USER_SCHEMES.has(active.document.uri.scheme) ? active : undefined;
    const doc = editor?.document ?? (target ? await vscode.workspace.openTextDocument(target.uri) : undefined);
    if (!doc) {
      void vscode.window.showInformationMessage(
        'Open a design first: a .mmd file, or Markdown with a ```mermaid fence, with a line like %% @design dau=100M requests=10 peak=3 reads=0.9.',
      );
      return;
    }
    const name = path.basename(doc.fileName);
    const parsed = parseDesignDocument(doc.getText(), { languageId: doc.languageId, fileName: doc.fileName });
    if (parsed.designs.length === 0) {
      void vscode.window.showInformationMessage(`${name} holds no design: a flowchart or architecture-beta diagram (in a .mmd file or a \`\`\`mermaid fence).`);
      return;
    }
    const cursor = editor?.selection.active ?? target?.selection.active;
    let design = designAt(parsed.designs, cursor && { line: cursor.line, character: cursor.character });
    if (!design) {
      const items = parsed.designs.map((d: Design) => ({ label: `Design at line ${d.range.start.line + 1}`, description: requirementsText(d), design: d }));
      const picked = await vscode.window.showQuickPick(items, { title: 'Estimate from This Design', placeHolder: `${name} holds several designs: which one?` });
      if (!picked) return;
      design = picked.design;
    }
    const { estimates, problems } = estimatesFromRequirements(design.requirements);
    if (estimates.length === 0) {
      const choice = await vscode.window.showWarningMessage(`${name}: ${problems.join(' ')}`, 'Estimate QPS');
      if (choice) await run('qps');
      return;
    }
    if (problems.length > 0) void vscode.window.showWarningMessage(`${name}: ${problems.join(' ')}`);
    await show(estimates, resultPath('Design estimates'));
  };

  const disposables: vscode.Disposable[] = [
    vscode.commands.registerCommand(commandId('fromDesign'), guarded('Estimate from This Design', fromDesign)),
    documents,
    vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, documents),
    vscode.window.onDidChangeActiveTextEditor(track),
    vscode.window.onDidChangeTextEditorSelection((e) => track(e.textEditor)),
    ...ESTIMATOR_NAMES.map((name) => vscode.commands.registerCommand(commandId(name), guarded(ESTIMATORS.get(name)!.title, () => run(name)))),
    vscode.commands.registerCommand(commandId('copyResult'), guarded('Copy Estimate', async (uri?: vscode.Uri) => {
      const estimates = documents.get(uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri);
      if (estimates) await copy(estimates);
      else void vscode.window.showInformationMessage('No estimate yet: run one of the "System Design: Estimate …" commands first.');
    })),
    vscode.commands.registerCommand(commandId('insertResult'), guarded('Insert Estimate', async (uri?: vscode.Uri) => {
      const estimates = documents.get(uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri);
      if (estimates) await insert(estimates);
      else void vscode.window.showInformationMessage('No estimate yet: run one of the "System Design: Estimate …" commands first.');
    })),
  ];
  return { disposables, show };
}

/** A command body whose failure (a closed file, an editor that refused the edit) is a message, not a stack trace. */
function guarded<A extends unknown[]>(what: string, body: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (err) {
      void vscode.window.showErrorMessage(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

/**
 * Asks for the estimator's inputs, one box per field (a pick first when it has several forms).
 * Back goes one step back; Escape ends the walk (undefined). Returns the texts typed by field.
 */
async function walk(spec: EstimatorSpec, remembered: ReadonlyMap<string, string>): Promise<Map<string, string> | undefined> {
  const pickForm = spec.forms.length > 1;
  let form: FormSpec | undefined = pickForm ? undefined : spec.forms[0];
  const typed = new Map<string, string>();
  let i = pickForm ? -1 : 0;
  for (;;) {
    if (i < 0 || !form) {
      const items = spec.forms.map((f) => ({ label: f.label, detail: f.detail, form: f }));
      const chosen = await askPick({
        title: spec.title,
        step: 1,
        totalSteps: 1 + Math.max(...spec.forms.map((f) => f.fields.length)),
        placeholder: 'What do you start from?',
        items,
        active: items.find((it) => it.form.id === form?.id),
      });
      if (chosen === undefined) return undefined;
      if (chosen === BACK) continue;
      form = chosen.form;
      i = 0;
      continue;
    }
    const prompts = promptsFor(spec, form, new Map([...remembered, ...typed]));
    if (i >= prompts.length) {
      // Only the chosen form's fields: a value remembered for another form must not leak in.
      return new Map([...typed].filter(([key]) => form!.fields.includes(key)));
    }
    const prompt = prompts[i]!;
    const options = { title: spec.title, step: i + 1 + (pickForm ? 1 : 0), totalSteps: prompts.length + (pickForm ? 1 : 0) };
    let answer: string | typeof BACK | undefined;
    if (prompt.field.kind === 'choice') {
      const items = (prompt.field.choices ?? []).map((c) => ({ label: c.label, detail: c.detail, value: c.value }));
      const picked = await askPick({ ...options, placeholder: prompt.prompt, items, active: items.find((it) => it.value === prompt.value) });
      answer = picked === undefined || picked === BACK ? picked : picked.value;
    } else {
      answer = await askText({
        ...options,
        prompt: prompt.prompt,
        placeholder: prompt.placeholder,
        value: prompt.value,
        validate: (text) => validatePrompt(prompt, text),
      });
    }
    if (answer === undefined) return undefined;
    if (answer === BACK) {
      i--;
      continue;
    }
    typed.set(prompt.field.key, answer);
    i++;
  }
}
