import { describe, expect, it } from 'vitest';
import { RenderQueue } from '../../src/webview/renderQueue';

/** A render whose completion the test controls. */
function harness() {
  const started: string[] = [];
  const delivered: string[] = [];
  const resolvers: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const queue = new RenderQueue<string, string>(
    (key) => {
      started.push(key);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise((resolve) =>
        resolvers.push(() => {
          inFlight--;
          resolve(`svg:${key}`);
        }),
      );
    },
    (_key, result) => delivered.push(result),
  );
  const finishNext = async (): Promise<void> => {
    resolvers.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { queue, started, delivered, finishNext, maxInFlight: () => maxInFlight };
}

describe('RenderQueue', () => {
  it('renders one at a time; while one runs, only the newest request is kept', async () => {
    const h = harness();
    h.queue.request('a', 0);
    h.queue.request('b', 1);
    h.queue.request('c', 2);
    h.queue.request('d', 3);
    expect(h.started).toEqual(['a']);
    await h.finishNext(); // 'a' is superseded by 'd': dropped, 'd' starts
    expect(h.delivered).toEqual([]);
    expect(h.started).toEqual(['a', 'd']);
    await h.finishNext();
    expect(h.delivered).toEqual(['svg:d']);
    expect(h.maxInFlight()).toBe(1);
    expect(h.queue.supersededCount).toBe(1);
  });

  it('does not render again what is on screen, nor what is being rendered', async () => {
    const h = harness();
    h.queue.request('a', 0);
    h.queue.request('a', 1);
    await h.finishNext();
    h.queue.request('a', 2);
    expect(h.started).toEqual(['a']);
    expect(h.delivered).toEqual(['svg:a']);
  });

  it('an edit undone while rendering keeps the render that is running', async () => {
    const h = harness();
    h.queue.request('a', 0);
    await h.finishNext();
    h.queue.request('b', 1);
    h.queue.request('a', 2); // back to what is shown, while 'b' renders
    h.queue.request('b', 3); // and forward again: 'b' is in flight, nothing queued
    await h.finishNext();
    expect(h.started).toEqual(['a', 'b']);
    expect(h.delivered).toEqual(['svg:a', 'svg:b']);
  });

  it('renders the same key again after invalidate (theme change)', async () => {
    const h = harness();
    h.queue.request('a', 0);
    await h.finishNext();
    h.queue.invalidate();
    h.queue.request('a', 1);
    await h.finishNext();
    expect(h.delivered).toEqual(['svg:a', 'svg:a']);
  });
});
