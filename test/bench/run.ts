import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule } from './stats';

/**
 * `npm run bench [-- area ...]`: runs test/bench/<area>.bench.ts modules and rewrites their sections in
 * docs/benchmarks.md (sections of areas not run this time are kept as they were).
 */
const here = dirname(fileURLToPath(import.meta.url));
const docPath = join(here, '..', '..', 'docs', 'benchmarks.md');

const wanted = process.argv.slice(2);
const areas = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .filter((a) => wanted.length === 0 || wanted.includes(a))
  .sort();

const existing = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
const sections = new Map<string, string>();
for (const m of existing.matchAll(/<!-- bench:([a-z-]+) -->\n([\s\S]*?)<!-- \/bench:\1 -->/g)) sections.set(m[1]!, m[2]!);

for (const area of areas) {
  const mod = (await import(pathToFileURL(join(here, `${area}.bench.ts`)).href)) as { default: BenchModule };
  console.log(`\n== ${mod.default.title} (${area})`);
  const started = Date.now();
  const body = await mod.default.run((l) => console.log(l));
  const stamp = `_Run ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${((Date.now() - started) / 1000).toFixed(1)} s._`;
  sections.set(area, `## ${mod.default.title}\n\n${stamp}\n\n${body.trim()}\n`);
  console.log(body);
}

const header =
  '# Benchmarks\n\nProduced by `npm run bench` (one area: `npm run bench -- <area>`). Medians and tail percentiles of raw samples; ' +
  'ratios are against a baseline measured in the same run on the same machine. Benchmarks are never timed assertions in tests.\n\n';
// A hand-written note about the runs (e.g. why some sections are from another run) is kept between header and sections.
const notes = /<!-- notes -->[\s\S]*?<!-- \/notes -->\n/.exec(existing)?.[0] ?? '';
const body = [...sections.keys()].sort().map((k) => `<!-- bench:${k} -->\n${sections.get(k)}<!-- /bench:${k} -->\n`).join('\n');
writeFileSync(docPath, header + (notes ? `${notes}\n` : '') + body);
console.log(`\nUpdated ${docPath}`);
