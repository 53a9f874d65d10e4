// Runs in VS Code's extension host. Lint in a real editor: diagnostics with our source and rule
// ids (Markdown fences too), a preferred quick fix that removes its finding, hovers, CodeLens.
import * as vscode from 'vscode';
import { defineHostCase, expect, openAndWaitForDiagnostics } from '../support';

const SOURCE = 'System Design Lab';
const ruleOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code));

export default defineHostCase({
  name: 'lint: diagnostics, a quick fix that removes its finding, hover and CodeLens',
  async run({ extension, examples, note, metric }) {
    await extension.activate();
    const uri = vscode.Uri.joinPath(examples, 'url-shortener.mmd');
    const { diagnostics, ms } = await openAndWaitForDiagnostics(uri, (d) => d.some((x) => x.source === SOURCE));
    metric('open to lint diagnostics', `${ms.toFixed(0)} ms`);
    const ours = diagnostics.filter((d) => d.source === SOURCE);
    const rules = new Set(ours.map(ruleOf));
    note(`${ours.length} diagnostics: ${[...rules].join(', ')}`);
    for (const r of ['redundancy/dns', 'redundancy/db-replication', 'spof', 'availability/target']) expect(rules.has(r), `no ${r} in ${[...rules]}`);
    const db = ours.find((d) => ruleOf(d) === 'redundancy/db-replication')!;
    expect(typeof db.code === 'object' && String(db.code.target).endsWith('/docs/rules/redundancy/db-replication.md'), `code target ${JSON.stringify(db.code)}`);
    const spof = ours.find((d) => ruleOf(d) === 'spof' && (d.relatedInformation?.length ?? 0) > 0);
    expect(spof, 'a spof diagnostic with related information');

    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, db.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    // The command's results carry no diagnostics: tell our actions apart by title.
    const mine = actions.filter((a) => a.title.includes('replica') || a.title.endsWith('redundancy/db-replication in this file'));
    note(`actions: ${mine.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`).join(' | ')}`);
    const preferred = mine.filter((a) => a.isPreferred);
    expect(preferred.length === 1, `exactly one preferred fix, got ${preferred.length}`);
    expect(mine.some((a) => a.title === 'Disable redundancy/db-replication in this file'), 'a disable action');
    const before = doc.getText();
    await vscode.workspace.applyEdit(preferred[0]!.edit!);
    const after = await openAndWaitForDiagnostics(uri, (d) => d.filter((x) => x.source === SOURCE).every((x) => ruleOf(x) !== 'redundancy/db-replication'));
    note(`after the fix: ${after.diagnostics.length} diagnostics, none redundancy/db-replication`);
    // Undo: the workspace stays as it was.
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), before));
    await doc.save();

    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const titles = lenses.map((l) => l.command?.title ?? '');
    note(`CodeLens: ${titles.join(' | ')}`);
    expect(titles.some((t) => /^Availability \d+(\.\d+)?% \(\d\.\d nines\) · below the 99\.99% target$/.test(t)), `availability lens in ${titles}`);

    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, db.range.start)) ?? [];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    expect(text.includes('**Postgres** — database') && text.includes('Share of the design’s downtime'), `hover: ${text.slice(0, 300)}`);

    const md = vscode.Uri.joinPath(examples, 'chat.md');
    const chat = await openAndWaitForDiagnostics(md, (d) => d.some((x) => x.source === SOURCE));
    const presence = chat.diagnostics.find((d) => ruleOf(d) === 'spof' && d.message.startsWith('Redis presence'));
    const line = (await vscode.workspace.openTextDocument(md)).lineAt(presence!.range.start.line).text;
    expect(line.includes('presence[(Redis presence)]'), `spof for presence on line: ${line}`);
    note(`chat.md: ${chat.diagnostics.length} diagnostics, the presence spof on its own line`);
  },
});
