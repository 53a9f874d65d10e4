/**
 * The future-event list. Events are ordered by (time, sequence) like SimPy's heap, so two
 * events at the same virtual millisecond always run in the order they were scheduled and a
 * run never depends on heap internals.
 *
 * Everything lives in typed arrays (struct of arrays): an event is a small integer kind and
 * four integer payload fields plus one float, so scheduling allocates nothing and the heap
 * stays cache-friendly. The engine reads a popped event from the `kind`/`a`/`b`/`c`/`d`/`x`
 * fields instead of receiving an object.
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
  private k: Int32Array;
  private pa: Int32Array;
  private pb: Int32Array;
  private pc: Int32Array;
  private pd: Int32Array;
  private px: Float64Array;

  // The last popped event.
  kind = 0;
  a = 0;
  b = 0;
  c = 0;
  d = 0;
  x = 0;
  t = 0;

  constructor(capacity = 1024) {
    this.cap = capacity;
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.k = new Int32Array(capacity);
    this.pa = new Int32Array(capacity);
    this.pb = new Int32Array(capacity);
    this.pc = new Int32Array(capacity);
    this.pd = new Int32Array(capacity);
    this.px = new Float64Array(capacity);
  }

  topTime(): number {
    return this.size > 0 ? this.time[0]! : Infinity;
  }

  topSeq(): number {
    return this.seq[0]!;
  }

  push(time: number, seq: number, kind: number, a: number, b: number, c: number, d: number, x: number): void {
    if (this.size === this.cap) this.grow();
    const T = this.time;
    const S = this.seq;
    // Sift up with a hole: move parents down, write the new event once.
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = T[p]!;
      if (pt < time || (pt === time && S[p]! < seq)) break;
      this.move(p, i);
      i = p;
    }
    T[i] = time;
    S[i] = seq;
    this.k[i] = kind;
    this.pa[i] = a;
    this.pb[i] = b;
    this.pc[i] = c;
    this.pd[i] = d;
    this.px[i] = x;
  }

  /** Removes the earliest event into the public fields. The caller checks `size` first. */
  pop(): void {
    this.t = this.time[0]!;
    this.kind = this.k[0]!;
    this.a = this.pa[0]!;
    this.b = this.pb[0]!;
    this.c = this.pc[0]!;
    this.d = this.pd[0]!;
    this.x = this.px[0]!;
    const n = --this.size;
    if (n === 0) return;
    const T = this.time;
    const S = this.seq;
    const lt = T[n]!;
    const ls = S[n]!;
    let i = 0;
    const half = n >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const r = child + 1;
      let ct = T[child]!;
      if (r < n) {
        const rt = T[r]!;
        if (rt < ct || (rt === ct && S[r]! < S[child]!)) {
          child = r;
          ct = rt;
        }
      }
      if (lt < ct || (lt === ct && ls < S[child]!)) break;
      this.move(child, i);
      i = child;
    }
    this.move(n, i);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]!;
    this.seq[to] = this.seq[from]!;
    this.k[to] = this.k[from]!;
    this.pa[to] = this.pa[from]!;
    this.pb[to] = this.pb[from]!;
    this.pc[to] = this.pc[from]!;
    this.pd[to] = this.pd[from]!;
    this.px[to] = this.px[from]!;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const f = (old: Float64Array) => {
      const n = new Float64Array(cap);
      n.set(old);
      return n;
    };
    const i = (old: Int32Array) => {
      const n = new Int32Array(cap);
      n.set(old);
      return n;
    };
    this.time = f(this.time);
    this.seq = f(this.seq);
    this.px = f(this.px);
    this.k = i(this.k);
    this.pa = i(this.pa);
    this.pb = i(this.pb);
    this.pc = i(this.pc);
    this.pd = i(this.pd);
    this.cap = cap;
  }
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
