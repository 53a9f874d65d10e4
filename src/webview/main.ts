// Runs in the panel's page (the webview): the entry point bundled as dist/webview/main.js.
// Reads the data the host embedded in the page and starts the panel.
import 'uplot/dist/uPlot.min.css';
import { parseDesignDocument } from '../core/design/index';
import { lintDesign } from '../core/lint/index';
import { App, type InitialData } from './app';
import { Host } from './host';
import { SimPanel } from './simPanel';

function initialData(): InitialData {
  const el = document.getElementById('sdlab-initial');
  const raw: unknown = el?.textContent ? JSON.parse(el.textContent) : undefined;
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const str = (k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : '');
  return {
    uri: str('uri') || 'untitled:design',
    fileName: str('fileName'),
    languageId: str('languageId') || 'mermaid',
    version: typeof o.version === 'number' ? o.version : 0,
    text: str('text'),
    state: o.state,
  };
}

const root = document.getElementById('app');
if (root) {
  const workerUrl = root.dataset.worker ?? '';
  new App(root, new Host(), initialData(), {
      parseDocument: parseDesignDocument,
      lint: (design, settings) => lintDesign(design, { rules: settings.rules, availabilityDefaults: settings.availabilityDefaults }).findings,
    }, (simRoot, view, callbacks) => new SimPanel(simRoot, view, workerUrl, callbacks));
}
