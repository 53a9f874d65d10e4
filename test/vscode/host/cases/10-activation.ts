// Runs in VS Code's extension host. The extension activates in a real host, and how long it takes.
import { defineHostCase, expect } from '../support';

export default defineHostCase({
  name: 'the extension activates',
  async run({ extension, metric, note }) {
    if (extension.isActive) {
      note('already active when the tests started (activated by the workspace)');
      return;
    }
    const t0 = performance.now();
    await extension.activate();
    const ms = performance.now() - t0;
    expect(extension.isActive, 'activate() resolved but the extension is not active');
    metric('activation time (real extension host)', `${ms.toFixed(1)} ms`);
    note(`activated in ${ms.toFixed(1)} ms`);
  },
});
