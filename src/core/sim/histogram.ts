/**
 * Latency histogram with bounded memory, in the HdrHistogram layout: values in microseconds,
 * 32 linear sub-buckets per power of two (exact below 64 µs), so any percentile is within
 * about 1.6% of the true value however long the run. Recording is a few integer operations (no logarithm).
 */
const SUB = 64;
const SUB_BITS = 6;
/** Up to 2^36 µs (~19 hours) of latency; larger values land in the last bucket. */
const MAX_EXP = 36;
const BUCKETS = (MAX_EXP - SUB_BITS + 2) * (SUB / 2);

export class Histogram {
  readonly counts = new Float64Array(BUCKETS);
  count = 0;
  sum = 0;
  max = 0;

  record(ms: number): void {
    this.add(bucketFor(ms), ms);
  }

  /** Records a value whose bucket is already known (`bucketFor`): one computation for several histograms. */
  add(bucket: number, ms: number): void {
    this.counts[bucket]!++;
    this.count++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
  }

  reset(): void {
    if (this.count === 0) return;
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.max = 0;
  }

  /** The value at quantile q (0..1) in ms, or 0 when empty. The bucket's midpoint, capped at the max seen. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      // The last bucket also holds everything beyond the range: the max is the honest answer there.
      if (seen >= rank) return i === BUCKETS - 1 ? this.max : Math.min(midpointUs(i) / 1000, this.max);
    }
    return this.max;
  }

  mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }
}

export function bucketFor(ms: number): number {
  return bucketOf(ms > 0 ? Math.floor(ms * 1000) : 0);
}

function bucketOf(us: number): number {
  if (us < SUB) return us;
  if (us < 2147483648) {
    // Integer path: the highest set bit, then the next five bits as the sub-bucket.
    const shift = 31 - Math.clz32(us) - SUB_BITS + 1;
    return (shift + 1) * (SUB / 2) + (us >>> shift) - SUB / 2;
  }
  if (us >= 2 ** MAX_EXP) return BUCKETS - 1;
  const shift = Math.floor(Math.log2(us)) - SUB_BITS + 1;
  return (shift + 1) * (SUB / 2) + Math.floor(us / 2 ** shift) - SUB / 2;
}

function midpointUs(bucket: number): number {
  if (bucket < SUB) return bucket + 0.5;
  const shift = Math.floor(bucket / (SUB / 2)) - 1;
  const sub = (bucket % (SUB / 2)) + SUB / 2;
  const lo = sub * 2 ** shift;
  return lo + 2 ** shift / 2;
}
