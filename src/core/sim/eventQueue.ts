/**
 * The future-event list. Events are ordered by (time, sequence) like SimPy's heap, so two
 * events at the same virtual millisecond always run in the order they were scheduled and a
 * run never depends on heap internals.
 *
 * Everything lives in typed arrays: the heap holds only the ordering key (time, sequence) and
 * a slot number; an event's payload (a small integer kind, four integers and one float) sits in
 * that slot and never moves. Scheduling allocates nothing, and a sift moves three numbers per
 * level instead of eight. The heap is 4-ary: half the levels of a binary heap, and the four
 * children of a node are adjacent in memory. The engine reads a popped event from the public
 * `kind`/`a`/`b`/`c`/`d`/`x` fields instead of receiving an object.
 *
 * Timers whose delay is a constant (request timeouts) go to a `TimerFifo` instead: they are
 * scheduled in time order already, so a ring buffer is enough and most of them, cancelled
 * lazily, never touch the heap. The engine merges the heap and the FIFOs by (time, sequence).
 */
export class EventQueue {
  size = 0;
  private cap: number;
  private time: Float64Array;
  private seq: Float64Array;
  private slot: Int32Array;
  private pk: Int32Array;
  private pa: Int32Array;
  private pb: Int32Array;
  private pc: Int32Array;
  private pd: Int32Array;
  private px: Float64Array;
  private free: Int32Array;
  private freeTop: number;

  // The last popped event.
  kind = 0;
  a = 0;
  b = 0;
  c = 0;
  d = 0;
  x = 0;
  t = 0;
  /** The last popped event's sequence number. */
  s = 0;

  constructor(capacity = 1024) {
    this.cap = capacity;
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.slot = new Int32Array(capacity);
    this.pk = new Int32Array(capacity);
    this.pa = new Int32Array(capacity);
    this.pb = new Int32Array(capacity);
    this.pc = new Int32Array(capacity);
    this.pd = new Int32Array(capacity);
    this.px = new Float64Array(capacity);
    this.free = slotsFrom(0, capacity);
    this.freeTop = capacity;
  }

  topTime(): number {
    return this.size > 0 ? this.time[0]! : Infinity;
  }

  topSeq(): number {
    return this.seq[0]!;
  }

  push(time: number, seq: number, kind: number, a: number, b: number, c: number, d: number, x: number): void {
    if (this.size === this.cap) this.grow();
    const s = this.free[--this.freeTop]!;
    this.pk[s] = kind;
    this.pa[s] = a;
    this.pb[s] = b;
    this.pc[s] = c;
    this.pd[s] = d;
    this.px[s] = x;
    const T = this.time;
    const S = this.seq;
    const L = this.slot;
    // Sift up with a hole: move parents down, write the new event once.
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = T[p]!;
      if (pt < time || (pt === time && S[p]! < seq)) break;
      T[i] = pt;
      S[i] = S[p]!;
      L[i] = L[p]!;
      i = p;
    }
    T[i] = time;
    S[i] = seq;
    L[i] = s;
  }

  /** Removes the earliest event into the public fields. The caller checks `size` first. */
  pop(): void {
    const T = this.time;
    const S = this.seq;
    const L = this.slot;
    this.t = T[0]!;
    this.s = S[0]!;
    const s = L[0]!;
    this.kind = this.pk[s]!;
    this.a = this.pa[s]!;
    this.b = this.pb[s]!;
    this.c = this.pc[s]!;
    this.d = this.pd[s]!;
    this.x = this.px[s]!;
    this.free[this.freeTop++] = s;
    const n = --this.size;
    if (n === 0) return;
    const lt = T[n]!;
    const ls = S[n]!;
    const ll = L[n]!;
    let i = 0;
    for (;;) {
      const c0 = 4 * i + 1;
      if (c0 >= n) break;
      let m = c0;
      let mt = T[c0]!;
      let ms = S[c0]!;
      const end = c0 + 4 < n ? c0 + 4 : n;
      for (let c = c0 + 1; c < end; c++) {
        const ct = T[c]!;
        if (ct < mt || (ct === mt && S[c]! < ms)) {
          m = c;
          mt = ct;
          ms = S[c]!;
        }
      }
      if (lt < mt || (lt === mt && ls < ms)) break;
      T[i] = mt;
      S[i] = ms;
      L[i] = L[m]!;
      i = m;
    }
    T[i] = lt;
    S[i] = ls;
    L[i] = ll;
  }

  private grow(): void {
    const old = this.cap;
    const cap = old * 2;
    this.time = grownF64(this.time, cap);
    this.seq = grownF64(this.seq, cap);
    this.px = grownF64(this.px, cap);
    this.slot = grownI32(this.slot, cap);
    this.pk = grownI32(this.pk, cap);
    this.pa = grownI32(this.pa, cap);
    this.pb = grownI32(this.pb, cap);
    this.pc = grownI32(this.pc, cap);
    this.pd = grownI32(this.pd, cap);
    // The heap is full, so every old slot is in use: the free list holds only the new ones.
    this.free = slotsFrom(old, cap);
    this.freeTop = cap - old;
    this.cap = cap;
  }
}

/** A copy of `a` with room for `cap` entries: growing the typed-array columns of a queue. */
export function grownF64(a: Float64Array, cap: number): Float64Array {
  const n = new Float64Array(cap);
  n.set(a);
  return n;
}

export function grownI32(a: Int32Array, cap: number): Int32Array {
  const n = new Int32Array(cap);
  n.set(a);
  return n;
}

/** A free-slot stack holding slots `old` to `cap - 1`, lowest on top (taken first). */
export function slotsFrom(old: number, cap: number): Int32Array {
  const free = new Int32Array(cap);
  let top = 0;
  for (let s = cap - 1; s >= old; s--) free[top++] = s;
  return free;
}

/** A ring buffer of timers pushed in non-decreasing time order (one per constant delay). */
export class TimerFifo {
  size = 0;
  private head = 0;
  private cap: number;
  private time: Float64Array;
  private seq: Float64Array;
  private pa: Int32Array;
  private pb: Int32Array;
  a = 0;
  b = 0;
  t = 0;

  constructor(capacity = 256) {
    this.cap = capacity;
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.pa = new Int32Array(capacity);
    this.pb = new Int32Array(capacity);
  }

  headTime(): number {
    return this.size > 0 ? this.time[this.head]! : Infinity;
  }

  headSeq(): number {
    return this.seq[this.head]!;
  }

  push(time: number, seq: number, a: number, b: number): void {
    if (this.size === this.cap) this.grow();
    const i = (this.head + this.size) & (this.cap - 1);
    this.time[i] = time;
    this.seq[i] = seq;
    this.pa[i] = a;
    this.pb[i] = b;
    this.size++;
  }

  pop(): void {
    const h = this.head;
    this.t = this.time[h]!;
    this.a = this.pa[h]!;
    this.b = this.pb[h]!;
    this.head = (h + 1) & (this.cap - 1);
    this.size--;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const time = new Float64Array(cap);
    const seq = new Float64Array(cap);
    const pa = new Int32Array(cap);
    const pb = new Int32Array(cap);
    for (let j = 0; j < this.size; j++) {
      const i = (this.head + j) & (this.cap - 1);
      time[j] = this.time[i]!;
      seq[j] = this.seq[i]!;
      pa[j] = this.pa[i]!;
      pb[j] = this.pb[i]!;
    }
    this.time = time;
    this.seq = seq;
    this.pa = pa;
    this.pb = pb;
    this.head = 0;
    this.cap = cap;
  }
}
