import { EventQueue, grownF64, grownI32, slotsFrom } from './eventQueue';

/**
 * A timing wheel in front of the heap: the future-event list for simulations whose events
 * mostly land a little after now (network hops, service times), as here. Time is cut into
 * buckets of `width` ms; the next `SLOTS` buckets each keep an unsorted list of their events,
 * and a bitmap says which are non-empty. Events further out wait in an `EventQueue` and move
 * onto the wheel as it turns. Scheduling is O(1); taking the next event scans the first
 * non-empty bucket (a few events) for the smallest (time, sequence), so the order is exactly
 * the heap's: time, then sequence.
 *
 * Event times must never go below the last one taken (virtual time only moves forward). Same
 * interface as `EventQueue`: the taken event is read from the public fields.
 */
const SLOTS = 4096;
const MASK = SLOTS - 1;
const WORDS = SLOTS >> 5;

export class TimingWheel {
  size = 0;
  // The taken event.
  kind = 0;
  a = 0;
  b = 0;
  c = 0;
  d = 0;
  x = 0;
  t = 0;

  /** Absolute bucket number at the wheel's cursor: no event is in an earlier bucket. */
  private cursor = 0;
  private readonly head = new Int32Array(SLOTS).fill(-1);
  private readonly bits = new Int32Array(WORDS);
  private readonly far: EventQueue;
  private readonly inv: number;

  // Event records (a free list of slots).
  private cap: number;
  private time: Float64Array;
  private seq: Float64Array;
  private next: Int32Array;
  private pk: Int32Array;
  private pa: Int32Array;
  private pb: Int32Array;
  private pc: Int32Array;
  private pd: Int32Array;
  private px: Float64Array;
  private free: Int32Array;
  private freeTop: number;

  // The earliest event, once found (-1: unknown), and its predecessor in its bucket's list.
  private min = -1;
  private minPrev = -1;

  constructor(
    width = 0.25,
    capacity = 1024,
  ) {
    this.inv = 1 / width;
    this.far = new EventQueue(256);
    this.cap = capacity;
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
    this.pk = new Int32Array(capacity);
    this.pa = new Int32Array(capacity);
    this.pb = new Int32Array(capacity);
    this.pc = new Int32Array(capacity);
    this.pd = new Int32Array(capacity);
    this.px = new Float64Array(capacity);
    this.free = slotsFrom(0, capacity);
    this.freeTop = capacity;
  }

  push(time: number, seq: number, kind: number, a: number, b: number, c: number, d: number, x: number): void {
    this.size++;
    const bucket = Math.floor(time * this.inv);
    if (bucket >= this.cursor + SLOTS) {
      this.far.push(time, seq, kind, a, b, c, d, x);
      return;
    }
    const e = this.link(bucket < this.cursor ? this.cursor : bucket, time, seq, kind, a, b, c, d, x);
    if (this.min < 0) return;
    if (time < this.time[this.min]! || (time === this.time[this.min]! && seq < this.seq[this.min]!)) {
      // A new earliest event: find it again when asked.
      this.min = -1;
    } else if (this.minPrev < 0 && this.head[this.cursor & MASK] === e) {
      // Put at the head of the earliest event's bucket: it now precedes that event in the list.
      this.minPrev = e;
    }
  }

  topTime(): number {
    if (this.size === 0) return Infinity;
    if (this.min < 0) this.findMin();
    return this.time[this.min]!;
  }

  topSeq(): number {
    if (this.min < 0) this.findMin();
    return this.seq[this.min]!;
  }

  /** Takes the earliest event into the public fields. The caller checks `size` first. */
  pop(): void {
    if (this.min < 0) this.findMin();
    const e = this.min;
    this.t = this.time[e]!;
    this.kind = this.pk[e]!;
    this.a = this.pa[e]!;
    this.b = this.pb[e]!;
    this.c = this.pc[e]!;
    this.d = this.pd[e]!;
    this.x = this.px[e]!;
    // Unlink it from the cursor's bucket.
    const slot = this.cursor & MASK;
    if (this.minPrev < 0) this.head[slot] = this.next[e]!;
    else this.next[this.minPrev] = this.next[e]!;
    if (this.head[slot]! < 0) this.bits[slot >> 5] = this.bits[slot >> 5]! & ~(1 << (slot & 31));
    this.free[this.freeTop++] = e;
    this.size--;
    this.min = -1;
  }

  private link(bucket: number, time: number, seq: number, kind: number, a: number, b: number, c: number, d: number, x: number): number {
    if (this.freeTop === 0) this.grow();
    const e = this.free[--this.freeTop]!;
    this.time[e] = time;
    this.seq[e] = seq;
    this.pk[e] = kind;
    this.pa[e] = a;
    this.pb[e] = b;
    this.pc[e] = c;
    this.pd[e] = d;
    this.px[e] = x;
    const slot = bucket & MASK;
    this.next[e] = this.head[slot]!;
    this.head[slot] = e;
    this.bits[slot >> 5] = this.bits[slot >> 5]! | (1 << (slot & 31));
    return e;
  }

  /** Turns the wheel to the first non-empty bucket and finds its earliest event. */
  private findMin(): void {
    for (;;) {
      // Far events whose bucket has come within reach move onto the wheel first.
      const far = this.far;
      while (far.size > 0 && Math.floor(far.topTime() * this.inv) < this.cursor + SLOTS) {
        far.pop();
        const bucket = Math.floor(far.t * this.inv);
        this.link(bucket < this.cursor ? this.cursor : bucket, far.t, far.s, far.kind, far.a, far.b, far.c, far.d, far.x);
      }
      const slot = this.cursor & MASK;
      if (this.head[slot]! >= 0) {
        let best = this.head[slot]!;
        let bestPrev = -1;
        let prev = best;
        for (let e = this.next[best]!; e >= 0; e = this.next[e]!) {
          const t = this.time[e]!;
          const bt = this.time[best]!;
          if (t < bt || (t === bt && this.seq[e]! < this.seq[best]!)) {
            best = e;
            bestPrev = prev;
          }
          prev = e;
        }
        this.min = best;
        this.minPrev = bestPrev;
        return;
      }
      // Skip to the next non-empty bucket with the bitmap (or to the far events' bucket).
      const skip = this.nextSet(slot);
      if (skip < 0) {
        // The wheel is empty: jump to the earliest far event (there is one: size > 0).
        this.cursor = Math.floor(far.topTime() * this.inv);
        continue;
      }
      this.cursor += skip;
    }
  }

  /** Buckets from the empty `slot` to the next non-empty one (cyclically), or -1 when none is. */
  private nextSet(slot: number): number {
    let pos = (slot + 1) & MASK;
    let remaining = SLOTS - 1;
    while (remaining > 0) {
      const w = pos >> 5;
      const off = pos & 31;
      const word = this.bits[w]! & (-1 << off);
      if (word !== 0) return ((w << 5) + 31 - Math.clz32(word & -word) - slot) & MASK;
      remaining -= 32 - off;
      pos = (pos + 32 - off) & MASK;
    }
    return -1;
  }

  private grow(): void {
    const old = this.cap;
    const cap = old * 2;
    this.time = grownF64(this.time, cap);
    this.seq = grownF64(this.seq, cap);
    this.px = grownF64(this.px, cap);
    this.next = grownI32(this.next, cap);
    this.pk = grownI32(this.pk, cap);
    this.pa = grownI32(this.pa, cap);
    this.pb = grownI32(this.pb, cap);
    this.pc = grownI32(this.pc, cap);
    this.pd = grownI32(this.pd, cap);
    this.free = slotsFrom(old, cap);
    this.freeTop = cap - old;
    this.cap = cap;
  }
}
