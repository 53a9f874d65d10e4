import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, makeNonce, panelHtml, type InitialData } from '../../src/vscode/panel/html';

const assets = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  script: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js',
  worker: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/simWorker.js',
  styles: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css?a="b"&c'],
};

function initial(text: string): InitialData {
  return { uri: 'file:///w/a.mmd', fileName: 'a"><script>x()</script>.mmd', languageId: 'mermaid', version: 1, text };
}

describe('panel HTML', () => {
  it('has a CSP from default-src none: scripts by nonce only, nothing remote, no eval', () => {
    const csp = contentSecurityPolicy(assets.cspSource, 'N0nce');
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'nonce-N0nce'"]);
    expect(csp).not.toMatch(/unsafe-eval|\*|http:/);
    for (const [, sources] of directives) {
      for (const s of sources) expect(["'none'", "'self'", "'unsafe-inline'", 'data:', 'blob:', "'nonce-N0nce'", assets.cspSource]).toContain(s);
    }
    // 'unsafe-inline' is for styles only (Mermaid's SVG), never for scripts.
    expect(directives.get('style-src')).toContain("'unsafe-inline'");
  });

  it('keeps a </script> in the design text as text, and the data round-trips', () => {
    const text = 'flowchart LR\n  a["</script><script>alert(1)</script>"] --> b["<!-- x"]\n  %% \u2028 & <b>';
    const html = panelHtml(assets, 'N0nce', initial(text));
    const dom = new JSDOM(html);
    const scripts = [...dom.window.document.querySelectorAll('script')];
    expect(scripts).toHaveLength(2);
    expect(scripts.every((s) => s.getAttribute('nonce') === 'N0nce')).toBe(true);
    const data = JSON.parse(dom.window.document.getElementById('sdlab-initial')!.textContent!);
    expect(data.text).toBe(text);
    expect(data.fileName).toBe('a"><script>x()</script>.mmd');
    expect(dom.window.document.title).toBe('Simulator: a"><script>x()</script>.mmd');
    // Attributes stay attributes.
    expect(dom.window.document.querySelector('link')!.getAttribute('href')).toBe(assets.styles[0]);
    const meta = dom.window.document.querySelector('meta[http-equiv="Content-Security-Policy"]')!;
    expect(meta.getAttribute('content')).toBe(contentSecurityPolicy(assets.cspSource, 'N0nce'));
  });

  it('makes a different 32-character nonce from different random bytes', () => {
    let seed = 1;
    const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => (seed = (seed * 48271) % 2147483647) & 0xff);
    const a = makeNonce(bytes);
    const b = makeNonce(bytes);
    expect(a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(a).not.toBe(b);
  });
});
