// Runs in the extension host. One lint result per open document version, shared by the
// diagnostics, quick fixes, hovers, CodeLens and the status bar so a keystroke is parsed and
// linted once, whoever asks first.
import * as vscode from 'vscode';
import { parseDesignDocument } from '../core/design/index';
import { lintDocument, type DocumentLintResult, type LintOptions } from '../core/lint/index';
import { Disposable } from './dispose';
import type { Finding } from '../core/design/types';
import { DIAGNOSTIC_SOURCE, findingKey, lintOptionsFromSettings } from './lintView';

/** Languages whose documents can hold designs: Mermaid files and Markdown with ```mermaid fences. */
export const DESIGN_LANGUAGES = ['mermaid', 'markdown'] as const;
export const DESIGN_SELECTOR: vscode.DocumentSelector = DESIGN_LANGUAGES.map((language) => ({ language }));
const IGNORED_SCHEMES = new Set(['git', 'output', 'vscode-scm']);

export class LintStore extends Disposable {
  private readonly cache = new Map<string, { version: number; result: DocumentLintResult }>();
  /** The same lint with quick fixes, built only when code actions ask, and its findings by key. */
  private readonly withFixes = new Map<string, { version: number; byKey: Map<string, Finding> }>();
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
        this.withFixes.clear();
        this.changed.fire();
      }),
    );
  }

  /** Mermaid and Markdown documents, except views of other versions (a diff's `git:` side) and output. */
  isDesignDocument(doc: vscode.TextDocument): boolean {
    return (DESIGN_LANGUAGES as readonly string[]).includes(doc.languageId) && !IGNORED_SCHEMES.has(doc.uri.scheme);
  }

  /**
   * The result for the document as it is now, without quick fixes (diagnostics, hovers and
   * lenses do not need them): cached for its version, else computed.
   */
  get(doc: vscode.TextDocument): DocumentLintResult | undefined {
    if (!this.isDesignDocument(doc)) return undefined;
    const key = doc.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === doc.version) return cached.result;
    const result = this.lint(doc, false);
    this.cache.set(key, { version: doc.version, result });
    return result;
  }

  /**
   * The finding behind one of our diagnostics, with its quick fixes. Looked up by rule, range
   * and message in a map: VS Code hands code actions copies of diagnostics, not our objects.
   */
  findingFor(doc: vscode.TextDocument, diagnostic: vscode.Diagnostic): Finding | undefined {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !this.isDesignDocument(doc)) return undefined;
    const key = doc.uri.toString();
    let entry = this.withFixes.get(key);
    if (!entry || entry.version !== doc.version) {
      const byKey = new Map<string, Finding>();
      for (const f of this.lint(doc, true).findings) byKey.set(findingKey(f.rule, f.range, f.message), f);
      entry = { version: doc.version, byKey };
      this.withFixes.set(key, entry);
    }
    const code = diagnostic.code;
    const rule = typeof code === 'object' && code !== null ? String(code.value) : String(code);
    const r = diagnostic.range;
    const range = { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
    return entry.byKey.get(findingKey(rule, range, diagnostic.message));
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
    this.withFixes.delete(uri.toString());
  }

  private lint(doc: vscode.TextDocument, fixes: boolean): DocumentLintResult {
    const text = doc.getText();
    const parsed = parseDesignDocument(text, { languageId: doc.languageId, fileName: doc.fileName });
    return lintDocument(parsed, { ...this.options, text, fixes });
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
