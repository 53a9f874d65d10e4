// Runs in the extension host. Lint findings as diagnostics: on open, debounced while typing
// (results for a version the user has already typed past are dropped), cleared on close.
import * as vscode from 'vscode';
import type { Finding, Range } from '../core/design/types';
import { docsUrl } from '../core/lint/index';
import { Disposable } from './dispose';
import { DIAGNOSTIC_SOURCE } from './lintView';
import type { LintStore } from './lintStore';

const DEBOUNCE_MS = 300;

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export class LintDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('systemDesignLab'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly updated = this.register(new vscode.EventEmitter<vscode.Uri>());
  /** Diagnostics of a document were republished (CodeLens and the status bar follow). */
  readonly onDidUpdate = this.updated.event;

  constructor(private readonly store: LintStore) {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.lintNow(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)));
    this.register(store.onDidChangeSettings(() => vscode.workspace.textDocuments.forEach((d) => this.lintNow(d))));
    this.register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    vscode.workspace.textDocuments.forEach((d) => this.lintNow(d));
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!this.store.isDesignDocument(doc)) return;
    const key = doc.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    const version = doc.version;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        // The user typed on (or closed the file) since: a newer run is queued, this one is stale.
        if (doc.isClosed || doc.version !== version) return;
        this.lintNow(doc);
      }, DEBOUNCE_MS),
    );
  }

  private lintNow(doc: vscode.TextDocument): void {
    if (this.isDisposed || doc.isClosed || !this.store.isDesignDocument(doc)) return;
    const result = this.store.get(doc);
    if (!result) return;
    const diagnostics = result.findings.map((f) => {
      const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = { value: f.rule, target: vscode.Uri.parse(docsUrl(f.rule)) };
      if (f.related && f.related.length > 0) {
        d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, toRange(r.range)), r.message));
      }
      return d;
    });
    this.collection.set(doc.uri, diagnostics);
    this.updated.fire(doc.uri);
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    this.collection.delete(uri);
    this.store.forget(uri);
    this.updated.fire(uri);
  }
}
