// Runs in VS Code's extension host (the extensionTestsPath bundle). What an API-level case is,
// and helpers the cases share.
import * as vscode from 'vscode';

export interface HostContext {
  /** Our extension as VS Code sees it (the .vsix's own files, installed). */
  readonly extension: vscode.Extension<unknown>;
  /** The examples/ folder the window has open. */
  readonly examples: vscode.Uri;
  /** A line printed under the case's result. */
  note(message: string): void;
  /** A figure printed in the run's summary, e.g. `activation time`. */
  metric(name: string, value: string): void;
}

export interface HostCase {
  readonly name: string;
  run(ctx: HostContext): Promise<void>;
}

/** Each file in test/vscode/host/cases/ default-exports one of these; files run in name order. */
export function defineHostCase(c: HostCase): HostCase {
  return c;
}

export interface HostResults {
  cases: { name: string; ok: boolean; ms: number; error?: string; notes: string[] }[];
  metrics: Record<string, string>;
}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/**
 * Opens a document in an editor and waits until its diagnostics satisfy `accept`; resolves with
 * them and the milliseconds from opening to that moment ("time from opening a file to its
 * diagnostics"). Rejects after `timeoutMs`.
 */
export async function openAndWaitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
  timeoutMs = 60_000,
): Promise<{ diagnostics: readonly vscode.Diagnostic[]; ms: number }> {
  const t0 = performance.now();
  const disposables: vscode.Disposable[] = [];
  const settled = new Promise<readonly vscode.Diagnostic[]>((resolve, reject) => {
    const check = () => {
      const d = vscode.languages.getDiagnostics(uri);
      if (accept(d)) resolve(d);
    };
    disposables.push(
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === uri.toString())) check();
      }),
    );
    const timer = setTimeout(
      () => reject(new Error(`no accepted diagnostics for ${uri.fsPath} after ${timeoutMs} ms (have ${vscode.languages.getDiagnostics(uri).length})`)),
      timeoutMs,
    );
    disposables.push({ dispose: () => clearTimeout(timer) });
    check();
  });
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diagnostics = await settled;
    return { diagnostics, ms: performance.now() - t0 };
  } finally {
    for (const d of disposables) d.dispose();
  }
}
