import fc from 'fast-check';
import { uniform } from '../../support/arbitraries';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../src/core/sim/eventQueue';
import { TimingWheel } from '../../../src/core/sim/timingWheel';

/** A schedule: interleaved pushes (delays from the current time) and pops, as an engine does. */
const steps = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ push: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2, noNaN: true }), uniform(0, 300), fc.double({ min: 500, max: 5000, noNaN: true }), fc.integer({ min: 0, max: 3000 })) }) },
    { weight: 2, arbitrary: fc.constant({ pop: true as const }) },
  ),
  { maxLength: 600 },
);

describe('future-event list', () => {
  it('the timing wheel takes events in exactly the heap\u2019s order: time, then sequence', () => {
    fc.assert(
      fc.property(steps, fc.double({ min: 0.05, max: 3, noNaN: true }), (ops, width) => {
        const heap = new EventQueue(4);
        const wheel = new TimingWheel(width, 4);
        let now = 0;
        let seq = 0;
        const check = () => {
          expect(wheel.size).toBe(heap.size);
          if (heap.size === 0) return;
          expect(wheel.topTime()).toBe(heap.topTime());
          expect(wheel.topSeq()).toBe(heap.topSeq());
          heap.pop();
          wheel.pop();
          expect([wheel.t, wheel.a, wheel.x]).toEqual([heap.t, heap.a, heap.x]);
          now = heap.t;
        };
        for (const op of ops) {
          if ('push' in op) {
            const t = now + op.push;
            heap.push(t, seq, 1, seq, 0, 0, 0, t / 2);
            wheel.push(t, seq, 1, seq, 0, 0, 0, t / 2);
            seq++;
          } else check();
        }
        while (heap.size > 0) check();
        expect(wheel.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('an event scheduled behind a peeked one (a fault injected between steps) comes first', () => {
    const wheel = new TimingWheel(0.25);
    wheel.push(150, 0, 1, 1, 0, 0, 0, 0);
    expect(wheel.topTime()).toBe(150); // the engine peeks, then stops at 100
    wheel.push(100, 1, 1, 2, 0, 0, 0, 0);
    wheel.push(100, 2, 1, 3, 0, 0, 0, 0);
    wheel.push(5000, 3, 1, 4, 0, 0, 0, 0);
    const order: number[] = [];
    while (wheel.size > 0) {
      wheel.pop();
      order.push(wheel.a);
    }
    expect(order).toEqual([2, 3, 1, 4]);
  });
});
