import type Database from 'better-sqlite3';
import { z } from 'zod';
import { normalisePostcode, outcodeOf } from '../../machines/rules/ukFormats';
import demoJson from '../../scripts-content/demo/directory.json';
import { DEMO_SOURCE } from './importOffices';
import { rebuildOutcodes, UK_BOUNDS } from './importPostcodes';

/**
 * The fictional directory that ships with the product, so a first start can take a call before any import.
 * Every postcode is in area QQ, which the UK does not use (checked against the NSPL outcode list), so demo points can
 * never shadow or be shadowed by real ones; the schema enforces that, and "(demo)" in every office name, so a real
 * office cannot slip into this file.
 */
export const DEMO_AREA = 'QQ';

const demoPostcode = z.string().refine((s) => normalisePostcode(s) === s && s.startsWith(DEMO_AREA) && /^QQ\d/.test(s), {
  error: `must be a canonical postcode in the demo area ${DEMO_AREA} (e.g. "QQ1 1AA")`,
});
const lat = z.number().min(UK_BOUNDS.lat.min).max(UK_BOUNDS.lat.max);
const long = z.number().min(UK_BOUNDS.long.min).max(UK_BOUNDS.long.max);

export const DemoDirectory = z
  .object({
    $comment: z.string().optional(),
    version: z.literal(1),
    offices: z
      .array(
        z.object({
          code: z.string().regex(/^DEMO\d+$/, { error: 'demo office codes look like DEMO01' }),
          name: z.string().includes('(demo', { error: 'must say "(demo" so nobody mistakes it for a real office' }),
          address: z.string().includes('demo', { error: 'must be marked as a demo address' }),
          postcode: demoPostcode,
          lat,
          long,
          district: z.string().nullable(),
          group: z.string().nullable(),
          status: z.enum(['serving', 'closed']),
        }),
      )
      .min(1),
    postcodes: z.array(z.object({ postcode: demoPostcode, lat, long })).min(1),
    examples: z.object({
      exact: demoPostcode,
      nearClosedOffice: demoPostcode,
      approximate: demoPostcode,
      unknown: z.string(),
    }),
  })
  .superRefine((d, ctx) => {
    const dup = <T>(xs: T[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
    for (const c of dup(d.offices.map((o) => o.code))) ctx.addIssue({ code: 'custom', path: ['offices'], message: `duplicate office code ${c}` });
    const pcs = new Set(d.postcodes.map((p) => p.postcode));
    for (const p of dup(d.postcodes.map((x) => x.postcode))) ctx.addIssue({ code: 'custom', path: ['postcodes'], message: `duplicate postcode ${p}` });
    const outcodes = new Set([...pcs].map(outcodeOf));
    const ex = d.examples;
    if (!pcs.has(ex.exact)) ctx.addIssue({ code: 'custom', path: ['examples', 'exact'], message: 'must be one of the demo postcodes' });
    if (!pcs.has(ex.nearClosedOffice)) ctx.addIssue({ code: 'custom', path: ['examples', 'nearClosedOffice'], message: 'must be one of the demo postcodes' });
    if (pcs.has(ex.approximate) || !outcodes.has(outcodeOf(ex.approximate)))
      ctx.addIssue({ code: 'custom', path: ['examples', 'approximate'], message: 'must be absent from the postcodes but in a demo outcode' });
    if (outcodes.has(outcodeOf(ex.unknown))) ctx.addIssue({ code: 'custom', path: ['examples', 'unknown'], message: 'must be in no demo outcode' });
  });
export type DemoDirectory = z.infer<typeof DemoDirectory>;

/** The bundled demo directory, validated; a broken file fails loudly at start rather than allocating nonsense. */
export function loadDemoDirectory(raw: unknown = demoJson): DemoDirectory {
  const parsed = DemoDirectory.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`scripts-content/demo/directory.json is invalid: ${problems}`);
  }
  return parsed.data;
}

/**
 * Loads the demo directory when the offices table is empty (a fresh installation); otherwise does nothing, so demo
 * offices never come back beside imported ones. Returns whether it loaded.
 */
export function ensureDemoDirectory(db: Database.Database, now: Date): { loaded: boolean; offices: number; postcodes: number } {
  const demo = loadDemoDirectory();
  const importedAt = now.toISOString();
  return db
    .transaction(() => {
      // Checked inside the write transaction, so two processes starting together cannot both load it.
      if (db.prepare('SELECT EXISTS (SELECT 1 FROM offices)').pluck().get() === 1) return { loaded: false, offices: 0, postcodes: 0 };
      const office = db.prepare(
        `INSERT INTO offices (code, name, address, postcode, lat, long, district, group_name, status, source, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const o of demo.offices)
        office.run(o.code, o.name, o.address, o.postcode, o.lat, o.long, o.district, o.group, o.status, DEMO_SOURCE, importedAt);
      const postcode = db.prepare('INSERT OR REPLACE INTO postcodes (postcode, lat, long) VALUES (?, ?, ?)');
      for (const p of demo.postcodes) postcode.run(p.postcode, p.lat, p.long);
      rebuildOutcodes(db, DEMO_AREA);
      return { loaded: true, offices: demo.offices.length, postcodes: demo.postcodes.length };
    })
    .immediate();
}
