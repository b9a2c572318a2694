/**
 * Call-length histograms stored per period × FCO: ascending (seconds u32, count i32) little-endian pairs, so the
 * median and 90th percentile over any range and grouping are exact on a 15-second grid. A row holds one pair per distinct
 * length. Counts are signed so a change can be written as a delta (a corrected claim leaves one bucket, joins another).
 */
/** Call lengths are kept to the next 15 seconds up: exact enough against a 20-minute reference, and a month's rows
 * per FCO then hold about a hundred distinct lengths instead of several hundred. */
export const SECONDS_STEP = 15;
export const MAX_SECONDS = 65_520;

export const clampSeconds = (s: number): number => Math.max(0, Math.min(MAX_SECONDS, Math.ceil(s / SECONDS_STEP) * SECONDS_STEP));

export function encodeHist(h: ReadonlyMap<number, number>): Buffer {
  const keys = [...h.keys()].filter((k) => (h.get(k) ?? 0) !== 0).sort((a, b) => a - b);
  const buf = Buffer.allocUnsafe(keys.length * 8);
  keys.forEach((k, i) => {
    buf.writeUInt32LE(k, i * 8);
    buf.writeInt32LE(h.get(k)!, i * 8 + 4);
  });
  return buf;
}

/** The sum of two histogram blobs (the SQL function `audit_hist_add` that merges a delta into a stored row). */
export function addHists(a: Uint8Array | null, b: Uint8Array | null): Buffer {
  const m = new Map<number, number>();
  if (a) decodeHistInto(a, m);
  if (b) decodeHistInto(b, m);
  return encodeHist(m);
}

export function decodeHistInto(buf: Uint8Array, into: Map<number, number>, sign = 1): void {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let o = 0; o + 8 <= buf.byteLength; o += 8) {
    const k = dv.getUint32(o, true);
    const v = (into.get(k) ?? 0) + sign * dv.getInt32(o + 4, true);
    if (v === 0) into.delete(k);
    else into.set(k, v);
  }
}

/**
 * A reusable dense accumulator for percentiles over many histogram blobs: add blobs for one group, read the
 * percentiles, reset (which clears only the touched slots).
 */
export class DenseHist {
  private readonly counts = new Uint32Array(MAX_SECONDS + 1);
  private touched: number[] = [];
  total = 0;

  addBlob(buf: Uint8Array): void {
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const counts = this.counts;
    for (let o = 0; o + 8 <= buf.byteLength; o += 8) {
      const k = dv.getUint32(o, true);
      const c = dv.getInt32(o + 4, true);
      if (counts[k] === 0) this.touched.push(k);
      counts[k]! += c;
      this.total += c;
    }
  }

  /** Ascending values with their counts. */
  entries(): { values: number[]; counts: number[] } {
    const values = [...this.touched].sort((a, b) => a - b);
    return { values, counts: values.map((v) => this.counts[v]!) };
  }

  /** Adds already-summed values (another group's `entries()`). */
  addEntries(values: readonly number[], counts: readonly number[]): void {
    for (let i = 0; i < values.length; i++) {
      const k = values[i]!;
      if (this.counts[k] === 0) this.touched.push(k);
      this.counts[k]! += counts[i]!;
      this.total += counts[i]!;
    }
  }

  countAbove(threshold: number): number {
    let n = 0;
    for (const k of this.touched) if (k > threshold) n += this.counts[k]!;
    return n;
  }

  reset(): void {
    for (const k of this.touched) this.counts[k] = 0;
    this.touched = [];
    this.total = 0;
  }
}
