// Runs in Node (end-to-end, drives the browser). A .mmd file opens in the Mermaid language mode
// that the extension contributes: the status bar's language indicator says so.
import { defineCase } from '../support/case';
import { TIMEOUT } from '../support/workbench';

export default defineCase({
  name: 'a .mmd file opens with language mode "Mermaid"',
  async run({ wb }) {
    await wb.openFile('url-shortener.mmd');
    const indicator = wb.languageIndicator();
    await indicator.filter({ hasText: /^\s*Mermaid\s*$/ }).waitFor({ state: 'visible', timeout: TIMEOUT });
  },
});
