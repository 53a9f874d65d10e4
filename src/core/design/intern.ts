/**
 * Id numbering for the parsers. A node id is referenced many times (once per edge end); looking
 * each reference up in a Map means slicing a fresh string and hashing it every time. Here a
 * reference is hashed straight from the text and compared in place, so an id's string is made
 * once, on first sight, and everything after works with its number.
 */

/** FNV-1a over UTF-16 units. */
function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Strings numbered 0, 1, 2, ... in order of first sight; a number names one string forever. */
export class Interner {
  readonly names: string[] = [];
  private hashes = new Int32Array(64);
  /** Open addressing: number + 1, 0 for an empty slot. */
  private slots = new Int32Array(128);
  private mask = 127;

  get size(): number {
    return this.names.length;
  }

  /** The number of text[start, end), added when new. */
  ofRange(text: string, start: number, end: number): number {
    const h = hashRange(text, start, end);
    const len = end - start;
    const slots = this.slots;
    const names = this.names;
    let i = h & this.mask;
    for (;;) {
      const s = slots[i]!;
      if (s === 0) return this.insert(i, h, text.slice(start, end));
      const k = s - 1;
      if (this.hashes[k] === h) {
        const name = names[k]!;
        if (name.length === len && text.startsWith(name, start)) return k;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** The number of `name`, added when new. */
  of(name: string): number {
    const h = hashRange(name, 0, name.length);
    const slots = this.slots;
    let i = h & this.mask;
    for (;;) {
      const s = slots[i]!;
      if (s === 0) return this.insert(i, h, name);
      const k = s - 1;
      if (this.hashes[k] === h && this.names[k] === name) return k;
      i = (i + 1) & this.mask;
    }
  }

  /** The number of `name`, or -1 when it was never seen. */
  find(name: string): number {
    const h = hashRange(name, 0, name.length);
    const slots = this.slots;
    let i = h & this.mask;
    for (;;) {
      const s = slots[i]!;
      if (s === 0) return -1;
      const k = s - 1;
      if (this.hashes[k] === h && this.names[k] === name) return k;
      i = (i + 1) & this.mask;
    }
  }

  private insert(slot: number, h: number, name: string): number {
    const k = this.names.length;
    this.names.push(name);
    if (k === this.hashes.length) {
      const grown = new Int32Array(k * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[k] = h;
    this.slots[slot] = k + 1;
    // Keep the table at most half full.
    if ((k + 1) * 2 > this.slots.length) this.rehash();
    return k;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let k = 0; k < this.names.length; k++) {
      let i = this.hashes[k]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = k + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** A counter per ordered pair of numbers: how many times each pair was seen before. */
export class PairCounter {
  private a = new Int32Array(128);
  private b = new Int32Array(128);
  /** Count + 1; 0 for an empty slot. */
  private counts = new Int32Array(128);
  private mask = 127;
  private used = 0;

  /** How many times (a, b) was counted before; counts this one. */
  next(a: number, b: number): number {
    let i = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    for (;;) {
      const c = this.counts[i]!;
      if (c === 0) {
        this.a[i] = a;
        this.b[i] = b;
        this.counts[i] = 1;
        if (++this.used * 2 > this.counts.length) this.grow();
        return 0;
      }
      if (this.a[i] === a && this.b[i] === b) {
        this.counts[i] = c + 1;
        return c;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oa = this.a;
    const ob = this.b;
    const oc = this.counts;
    const size = oc.length * 2;
    this.a = new Int32Array(size);
    this.b = new Int32Array(size);
    this.counts = new Int32Array(size);
    this.mask = size - 1;
    for (let j = 0; j < oc.length; j++) {
      if (oc[j] === 0) continue;
      let i = (Math.imul(oa[j]!, 0x9e3779b1) ^ Math.imul(ob[j]!, 0x85ebca6b)) & this.mask;
      while (this.counts[i] !== 0) i = (i + 1) & this.mask;
      this.a[i] = oa[j]!;
      this.b[i] = ob[j]!;
      this.counts[i] = oc[j]!;
    }
  }
}
