// Runs in VS Code's extension host. Every command package.json contributes has a handler once
// the extension is active: a command in the palette that does nothing is a broken promise.
import * as vscode from 'vscode';
import { defineHostCase, expect } from '../support';

interface Manifest {
  contributes?: { commands?: { command: string }[] };
}

export default defineHostCase({
  name: 'every command contributed in package.json is registered',
  async run({ extension, note }) {
    await extension.activate();
    const contributed = ((extension.packageJSON as Manifest).contributes?.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    expect(missing.length === 0, `contributed but not registered: ${missing.join(', ')}`);
    note(`${contributed.length} contributed command(s), all registered`);
  },
});
