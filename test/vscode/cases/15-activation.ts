// Runs in Node (end-to-end, drives the browser). The first design a person opens wakes the
// extension: its squiggles appear and Developer: Show Running Extensions lists it with the
// activation time VS Code measured. Both waits are printed with the run's metrics, not asserted.
import { performance } from 'node:perf_hooks';
import { defineCase, expect } from '../support/case';

export default defineCase({
  name: 'opening a design activates the extension (activation and first-diagnostics times recorded)',
  async run({ wb, manifest, metric }) {
    const t0 = performance.now();
    await wb.openFile('url-shortener.mmd');
    const opened = performance.now();
    const squiggles = await wb.waitForSquiggles();
    const shown = performance.now();
    expect(squiggles > 0, 'no squiggles in url-shortener.mmd');
    // The first .mmd of the window when this case runs first among those that open one.
    metric('open url-shortener.mmd to its editor', `${((opened - t0) / 1000).toFixed(1)} s`);
    metric('open url-shortener.mmd to its first squiggle (15-activation; the first design of the window: includes activation)', `${((shown - t0) / 1000).toFixed(1)} s`);

    const activation = await wb.activationTime(manifest.displayName);
    expect(/\d+\s*ms/.test(activation), `Running Extensions shows "${activation}" for ${manifest.displayName}`);
    metric('activation time (Developer: Show Running Extensions)', activation.replace(/^.*?:\s*/, ''));
  },
});
