// Runs in the panel's page. Starts the simulation worker.
//
// VS Code serves a webview's resources from another origin than the page's own
// (https://file+.vscode-resource.vscode-cdn.net vs vscode-webview://…), and `new Worker(url)`
// requires a same-origin URL, so it fails with a SecurityError. The page therefore fetches the
// worker's script (CSP `connect-src ${cspSource}`) and starts it from a Blob URL (CSP
// `worker-src blob:`). The Blob holds our own bundled script, never user data. This works the
// same in VS Code desktop, code-server and the browser tests (docs/decisions/panel.md).

export async function startWorker(url: string): Promise<Worker> {
  if (!url) throw new Error('no worker script');
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load the worker script (HTTP ${response.status})`);
  const code = await response.text();
  const blobUrl = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  try {
    return new Worker(blobUrl, { name: 'sdlab-simulation' });
  } finally {
    // The worker has its own reference to the script once constructed.
    setTimeout(() => URL.revokeObjectURL(blobUrl), 10_000);
  }
}
