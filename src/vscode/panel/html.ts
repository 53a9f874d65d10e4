// Runs in the extension host (and in the browser tests, which serve the same page). Builds the
// simulator panel's HTML: the CSP, the nonce'd scripts and the escaped initial data. No 'vscode'
// import here, so the tests can build exactly the page VS Code shows.
import type { InitialData } from '../../shared/protocol';

export interface PanelAssets {
  /** `webview.cspSource`: the origin the webview serves local resources from. */
  cspSource: string;
  /** `asWebviewUri` of dist/webview/main.js. */
  script: string;
  /** `asWebviewUri` of dist/webview/simWorker.js (fetched and started as a Blob worker). */
  worker: string;
  /** `asWebviewUri` of the stylesheets, in order (media/panel.css, dist/webview/main.css). */
  styles: string[];
}

export type { InitialData };

/**
 * The Content Security Policy. Nothing remote, ever: every allowed source is the webview's own
 * resource origin, a nonce, or an inert scheme.
 * - `style-src 'unsafe-inline'`: only because Mermaid's SVG carries a `<style>` element and
 *   `style` attributes on its shapes; without it diagrams render unstyled. Scripts stay nonce-only.
 * - `img-src data:`: Mermaid's icons and our PNG export use data: URLs.
 * - `connect-src` + `worker-src blob:`: VS Code serves resources from another origin than the
 *   page's, and a Worker must be same-origin, so the page fetches simWorker.js and starts it
 *   from a Blob URL (docs/decisions/panel.md).
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `connect-src ${cspSource}`,
    `worker-src blob:`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

/** A fresh nonce per page load: 32 characters from [A-Za-z0-9], from a caller-given source of randomness. */
export function makeNonce(randomBytes: (n: number) => Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (b) => alphabet[b % alphabet.length]).join('');
}

/** Escapes text for HTML text and double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that is safe inside a `<script>` element: `<` becomes `\u003c` (so `</script>` and
 * `<!--` in a label stay text), and U+2028/U+2029 are escaped for older parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function panelHtml(assets: PanelAssets, nonce: string, initial: InitialData): string {
  const csp = contentSecurityPolicy(assets.cspSource, nonce);
  const styles = assets.styles.map((href) => `  <link rel="stylesheet" href="${escapeHtml(href)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <title>${escapeHtml(`Simulator: ${initial.fileName}`)}</title>
</head>
<body>
  <div id="app" data-worker="${escapeHtml(assets.worker)}"></div>
  <script type="application/json" id="sdlab-initial" nonce="${nonce}">${jsonForScript(initial)}</script>
  <script src="${escapeHtml(assets.script)}" nonce="${nonce}"></script>
</body>
</html>
`;
}
