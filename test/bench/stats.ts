/** Percentiles over raw samples (nearest-rank). Benchmarks report these; tests never assert timings. */
export interface Summary {
  n: number;
  median: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export function summarise(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  return {
    n: s.length,
    median: at(50),
    p95: at(95),
    p99: at(99),
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
    max: s[s.length - 1] ?? NaN,
  };
}

/** Times `fn` `n` times (after `warmup` untimed runs); returns milliseconds per call. */
export function timeEach(n: number, fn: (i: number) => void, warmup = Math.min(200, n)): number[] {
  for (let i = 0; i < warmup; i++) fn(i);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn(i);
    out[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return out;
}

export const ms = (x: number) => (x < 0.1 ? `${(x * 1000).toFixed(1)} µs` : `${x.toFixed(x < 10 ? 3 : 1)} ms`);

export function row(label: string, s: Summary, target?: string): string {
  return `| ${label} | ${s.n} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.p99)} | ${target ?? ''} |`;
}
export const TABLE_HEAD = '| Measure | n | median | p95 | p99 | target |\n|---|---|---|---|---|---|';

/** A benchmark module: `test/bench/<area>.bench.ts` default-exports one of these. */
export interface BenchModule {
  title: string;
  /** Returns the markdown section (figures, ratios, notes) for docs/benchmarks.md. */
  run(log: (line: string) => void): Promise<string>;
}
