// Runs in the VS Code extension host. activate() composes the adapters and registers them;
// everything else lives in src/vscode.
import * as vscode from 'vscode';
import { SystemDesignLab } from './vscode/systemDesignLab';

export function activate(context: vscode.ExtensionContext): void {
  try {
    context.subscriptions.push(new SystemDesignLab(context));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`System Design Lab failed to start: ${message}`);
    throw err;
  }
}

export function deactivate(): void {}
