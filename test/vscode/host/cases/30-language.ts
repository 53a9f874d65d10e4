// Runs in VS Code's extension host. The Mermaid language we contribute claims every design file
// of examples/, and Markdown designs stay Markdown (their fences get our grammar by injection).
import * as vscode from 'vscode';
import { defineHostCase, expect } from '../support';

export default defineHostCase({
  name: 'examples/*.mmd open as Mermaid and *.md as Markdown',
  async run({ examples, note }) {
    expect((await vscode.languages.getLanguages()).includes('mermaid'), "VS Code does not know the language 'mermaid'");
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(examples, '**/*.{mmd,mermaid,md}'));
    expect(files.length > 0, `no design files found in ${examples.fsPath}`);
    const wrong: string[] = [];
    for (const uri of files) {
      const doc = await vscode.workspace.openTextDocument(uri);
      const want = uri.path.endsWith('.md') ? 'markdown' : 'mermaid';
      if (doc.languageId !== want) wrong.push(`${vscode.workspace.asRelativePath(uri)} is '${doc.languageId}', not '${want}'`);
    }
    expect(wrong.length === 0, wrong.join('\n'));
    note(`${files.length} files checked`);
  },
});
