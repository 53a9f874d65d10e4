// Runs in the panel's page. Turns the diagram on screen into a standalone SVG document or a PNG
// data URL; the host saves either through a save dialog.

/** Largest PNG side, in device pixels: bigger canvases fail silently in Chromium. */
const MAX_PNG_SIDE = 16_384;
const MAX_PNG_PIXELS = 120_000_000;

/**
 * The diagram as a standalone SVG file: our own overlays (badges, simulation notes, state and
 * selection attributes) are left out, so what is exported is the design as Mermaid drew it.
 */
export function exportSvg(svg: SVGSVGElement, background: string | undefined): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  for (const el of copy.querySelectorAll('.sdl-badge, .sdl-note')) el.remove();
  for (const el of [copy, ...copy.querySelectorAll('*')]) {
    el.removeAttribute('data-sdl-state');
    el.classList.remove('sdl-cursor', 'sdl-group-selected', 'sdl-diagram');
    if (el.getAttribute('class') === '') el.removeAttribute('class');
  }
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  if (background) copy.style.backgroundColor = background;
  return new XMLSerializer().serializeToString(copy);
}

/** Rasterises an exported SVG at `scale` (2 = crisp on high-DPI screens) on `background`. */
export async function exportPng(svgText: string, width: number, height: number, background: string | undefined, scale = 2): Promise<string> {
  const fit = Math.min(scale, MAX_PNG_SIDE / Math.max(width, 1), MAX_PNG_SIDE / Math.max(height, 1), Math.sqrt(MAX_PNG_PIXELS / Math.max(width * height, 1)));
  const w = Math.max(1, Math.round(width * fit));
  const h = Math.max(1, Math.round(height * fit));
  // A data: URL (allowed by the CSP's img-src) keeps the image same-origin, so the canvas is not tainted.
  const url = `data:image/svg+xml;base64,${base64Utf8(svgText)}`;
  const img = new Image(w, h);
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the SVG could not be loaded as an image'));
    img.src = url;
  });
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  if (background) {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, w, h);
  }
  ctx.drawImage(img, 0, 0, w, h);
  return canvas.toDataURL('image/png');
}

function base64Utf8(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) bin += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(bin);
}
