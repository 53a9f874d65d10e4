// Runs in Node (end-to-end, drives the browser). Our TextMate grammar colours a design: a
// `%% @` annotation is painted apart from a plain `%%` comment, and the editor's own token
// inspector shows our scopes on each.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { defineCase, expect } from '../support/case';
import { TIMEOUT, type Workbench } from '../support/workbench';

/** A design in examples/ with both a `%% @design` line and a plain `%%` comment line. */
function pickExample(examples: string): { file: string; annotation: string; comment: string } {
  for (const file of readdirSync(examples).filter((f) => f.endsWith('.mmd')).sort()) {
    const lines = readFileSync(join(examples, file), 'utf8').split('\n').map((l) => l.trim());
    const annotation = lines.find((l) => l.startsWith('%% @design '));
    const comment = lines.find((l) => /^%%\s+[A-Za-z]/.test(l) && !l.includes('@') && l.length > 20);
    if (annotation && comment) return { file, annotation, comment };
  }
  throw new Error('no example has both a `%% @design` line and a plain `%%` comment');
}

async function inspectScopes(wb: Workbench, token: Locator): Promise<string> {
  await token.click();
  const widget = wb.page.locator('.token-inspect-widget');
  if (!(await widget.isVisible())) await wb.runCommand('Developer: Inspect Editor Tokens and Scopes');
  await widget.waitFor({ state: 'visible', timeout: TIMEOUT });
  const text = await widget.innerText();
  return text;
}

export default defineCase({
  name: 'a `%% @` annotation is highlighted apart from a plain `%%` comment',
  async run({ wb, examples, note }) {
    const { file, annotation, comment } = pickExample(examples);
    await wb.openFile(file);
    // The first words are enough to find each line; the editor renders spaces as no-break spaces.
    const annotationLine = wb.editorLine(annotation.slice(0, 20));
    const commentLine = wb.editorLine(comment.slice(0, 20));
    await annotationLine.waitFor({ state: 'visible', timeout: TIMEOUT });
    await commentLine.waitFor({ state: 'visible', timeout: TIMEOUT });

    const target = annotationLine.locator('span > span', { hasText: 'design' }).first();
    const key = annotationLine.locator('span > span', { hasText: 'availability' }).first();
    const plain = commentLine.locator('span > span').filter({ hasText: /[A-Za-z]{3}/ }).first();
    const [targetColor, keyColor, commentColor] = await Promise.all([target, key, plain].map((t) => wb.colorOf(t)));
    note(`plain comment ${commentColor}; annotation target ${targetColor}, key ${keyColor}`);
    expect(targetColor !== commentColor, `'@design' is painted like a plain comment (${commentColor})`);
    expect(keyColor !== commentColor, `the annotation key 'availability' is painted like a plain comment (${commentColor})`);

    const annotationScopes = await inspectScopes(wb, target);
    expect(
      /comment\.line\.annotation\.mermaid/.test(annotationScopes) && /entity\.name\.tag\.annotation/.test(annotationScopes),
      `the token inspector shows no annotation scopes on '@design':\n${annotationScopes}`,
    );
    await wb.screenshot('syntax-highlighting-annotation');
    const commentScopes = await inspectScopes(wb, plain);
    expect(
      /comment\.line\.percentage\.mermaid/.test(commentScopes) && !/annotation/.test(commentScopes),
      `the token inspector does not show a plain comment scope on '${comment.slice(0, 30)}':\n${commentScopes}`,
    );
  },
});
