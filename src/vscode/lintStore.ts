// Runs in the extension host. One lint result per open document version, shared by the
// diagnostics, quick fixes, hovers, CodeLens and the status bar so a keystroke is parsed and
// linted once, whoever asks first.
import * as vscode from 'vscode';
import { parseDesignDocument } from '../core/design/index';
import { lintDocument, type DocumentLintResult, type LintOptions } from '../core/lint/index';
import { Disposable } from './dispose';
import { lintOptionsFromSettings } from './lintView';

/** Languages whose documents can hold designs: Mermaid files and Markdown with ```mermaid fences. */
export const DESIGN_LANGUAGES = ['mermaid', 'markdown'] as const;
export const DESIGN_SELECTOR: vscode.DocumentSelector = DESIGN_LANGUAGES.map((language) => ({ language }));
const IGNORED_SCHEMES = new Set(['git', 'output', 'vscode-scm']);

export class LintStore extends Disposable {
  private readonly cache = new Map<string, { version: number; result: DocumentLintResult }>();
  private options: LintOptions = {};
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Settings changed: every result is stale. */
  readonly onDidChangeSettings = this.changed.event;

  private lastProblems = '';

  constructor() {
    super();
    this.readSettings();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('systemDesignLab')) return;
        this.readSettings();
        this.cache.clear();
        this.changed.fire();
      }),
    );
  }

  /** Mermaid and Markdown documents, except views of other versions (a diff's `git:` side) and output. */
  isDesignDocument(doc: vscode.TextDocument): boolean {
    return (DESIGN_LANGUAGES as readonly string[]).includes(doc.languageId) && !IGNORED_SCHEMES.has(doc.uri.scheme);
  }

  /** The result for the document as it is now: cached for its version, else computed. */
  get(doc: vscode.TextDocument): DocumentLintResult | undefined {
    if (!this.isDesignDocument(doc)) return undefined;
    const key = doc.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === doc.version) return cached.result;
    const text = doc.getText();
    const parsed = parseDesignDocument(text, { languageId: doc.languageId, fileName: doc.fileName });
    const result = lintDocument(parsed, { ...this.options, text });
    this.cache.set(key, { version: doc.version, result });
    return result;
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }

  private readSettings(): void {
    const config = vscode.workspace.getConfiguration('systemDesignLab');
    const { options, problems } = lintOptionsFromSettings(config.get('rules'), config.get('availability.defaults'));
    this.options = options;
    // Say what was skipped once per change of the settings, not on every reload.
    const text = problems.join('; ');
    if (text !== '' && text !== this.lastProblems) void vscode.window.showWarningMessage(`System Design Lab settings: ${text}`);
    this.lastProblems = text;
  }
}
