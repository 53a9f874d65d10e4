// Runs in the panel's page. Mermaid, bundled (no CDN, no network), configured once per theme,
// rendering off-screen so the diagram on screen stays until the new one is ready.
import mermaid from 'mermaid';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/**
 * Keys a diagram's `%%{init}%%` directive or front matter may not change. Mermaid's defaults
 * lock the first six; the rest can carry CSS or HTML into the page (Mermaid advisories
 * 2025–2026, ../shared/notes/webview-security.md) or would break the panel's theming and its
 * mapping from SVG ids to components.
 */
export const SECURE_KEYS = [
  'secure',
  'securityLevel',
  'startOnLoad',
  'maxTextSize',
  'maxEdges',
  'suppressErrorRendering',
  'dompurifyConfig',
  'themeCSS',
  'themeVariables',
  'fontFamily',
  'altFontFamily',
  'fontSize',
  'htmlLabels',
  'theme',
  'darkMode',
  'arrowMarkerAbsolute',
  'deterministicIds',
  'deterministicIDSeed',
  'elk',
] as const;

/** Big designs: 1M characters and 5,000 edges (Mermaid's defaults are 50,000 and 500). */
export const MAX_TEXT_SIZE = 1_000_000;
export const MAX_EDGES = 5_000;

/** VS Code puts the theme kind on the body: a class, and `data-vscode-theme-kind`. */
export function themeOf(body: HTMLElement): ThemeKind {
  const kind = body.dataset.vscodeThemeKind ?? '';
  const has = (c: string): boolean => body.classList.contains(c) || kind === c;
  if (has('vscode-high-contrast-light')) return 'high-contrast-light';
  if (has('vscode-high-contrast')) return 'high-contrast';
  if (has('vscode-dark')) return 'dark';
  return 'light';
}

function themeConfig(theme: ThemeKind): { theme: 'default' | 'dark' | 'base'; darkMode: boolean; themeVariables?: Record<string, string> } {
  switch (theme) {
    case 'light':
      return { theme: 'default', darkMode: false };
    case 'dark':
      return { theme: 'dark', darkMode: true };
    case 'high-contrast': {
      const fg = '#ffffff';
      const bg = '#000000';
      return { theme: 'base', darkMode: true, themeVariables: contrast(fg, bg, '#6fc3df') };
    }
    case 'high-contrast-light': {
      const fg = '#000000';
      const bg = '#ffffff';
      return { theme: 'base', darkMode: false, themeVariables: contrast(fg, bg, '#0f4a85') };
    }
    default: {
      const never: never = theme;
      return never;
    }
  }
}

/** High contrast: one foreground on one background, borders and lines in the foreground. */
function contrast(fg: string, bg: string, accent: string): Record<string, string> {
  return {
    background: bg,
    mainBkg: bg,
    primaryColor: bg,
    secondaryColor: bg,
    tertiaryColor: bg,
    primaryTextColor: fg,
    secondaryTextColor: fg,
    tertiaryTextColor: fg,
    textColor: fg,
    titleColor: fg,
    nodeTextColor: fg,
    primaryBorderColor: fg,
    secondaryBorderColor: fg,
    tertiaryBorderColor: fg,
    nodeBorder: fg,
    lineColor: fg,
    clusterBkg: bg,
    clusterBorder: accent,
    edgeLabelBackground: bg,
    actorBkg: bg,
    actorBorder: fg,
    actorTextColor: fg,
    signalColor: fg,
    signalTextColor: fg,
    noteBkgColor: bg,
    noteTextColor: fg,
    noteBorderColor: accent,
  };
}

let configured: string | undefined;

/** (Re)configures Mermaid for a theme; cheap when nothing changed. */
export function configureMermaid(theme: ThemeKind, fontFamily: string | undefined): void {
  const key = `${theme}|${fontFamily ?? ''}`;
  if (configured === key) return;
  configured = key;
  const t = themeConfig(theme);
  mermaid.initialize({
    startOnLoad: false,
    // Labels are HTML-encoded, click callbacks and `javascript:` links are disabled.
    securityLevel: 'strict',
    secure: [...SECURE_KEYS],
    maxTextSize: MAX_TEXT_SIZE,
    maxEdges: MAX_EDGES,
    // Errors come back as exceptions; Mermaid must not draw its bomb icon into our page.
    suppressErrorRendering: true,
    deterministicIds: false,
    theme: t.theme,
    darkMode: t.darkMode,
    ...(t.themeVariables ? { themeVariables: t.themeVariables } : {}),
    ...(fontFamily ? { fontFamily } : {}),
    flowchart: { useMaxWidth: false },
    architecture: { useMaxWidth: false },
    sequence: { useMaxWidth: false },
  });
}

export type RenderResult =
  | { ok: true; svg: SVGSVGElement; svgId: string; ms: number }
  | { ok: false; message: string; ms: number };

let renderCount = 0;

/**
 * Renders `text` in `stage` (an off-screen element: Mermaid needs real layout to measure
 * labels) and returns the SVG as a detached element, ready to be swapped in.
 *
 * Mermaid returns markup it has passed through DOMPurify (strict level). We parse it in an
 * inert document (no scripts run, nothing loads) and adopt the element: the only place markup
 * from a diagram becomes DOM, and it is Mermaid's sanitised output, not our own HTML.
 */
export async function renderMermaid(text: string, stage: HTMLElement): Promise<RenderResult> {
  const svgId = `sdl-d${++renderCount}`;
  const t0 = performance.now();
  try {
    const { svg } = await mermaid.render(svgId, text, stage);
    const t1 = performance.now();
    performance.measure('sdlab:mermaid-render', { start: t0, end: t1 });
    const doc = new DOMParser().parseFromString(svg, 'text/html');
    const el = doc.body.querySelector('svg');
    if (!el) return { ok: false, message: 'Mermaid produced no SVG.', ms: performance.now() - t0 };
    const adopted = document.adoptNode(el);
    performance.measure('sdlab:svg-adopt', { start: t1, end: performance.now() });
    return { ok: true, svg: adopted, svgId, ms: performance.now() - t0 };
  } catch (err) {
    return { ok: false, message: errorMessage(err), ms: performance.now() - t0 };
  } finally {
    stage.replaceChildren();
  }
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return 'Mermaid could not render this diagram.';
}
