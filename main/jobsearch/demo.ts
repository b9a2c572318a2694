import { z } from 'zod';
import { addDays, normalisePostcode, parseIsoDate } from '../../machines/rules/ukFormats';
import socJson from '../../scripts-content/demo/soc-titles.json';
import vacanciesJson from '../../scripts-content/demo/vacancies.json';
import type { Db } from '../db/open';
import { loadSocTitles } from './socIndex';
import { socTitleCount, vacancyCount, vacancyWriter } from './store';
import { insideUk, PayPeriod, WorkPattern, type VacancyRecord } from './vacancy';

/**
 * The job-search demo set that ships with the product: a hand-made list of common titles with their SOC 2020 codes and
 * ~40 fictional vacancies around the demo Jobcentres. Postcodes are in area QQ (unused in the UK, like the demo
 * directory's), "(demo)" is in every employer name, and the schema enforces both so real data cannot slip in.
 */
export const DEMO_SOURCE = 'demo';

const DemoSocTitles = z.object({
  $comment: z.string().optional(),
  version: z.literal(1),
  units: z
    .array(
      z.object({
        soc2020: z.string().regex(/^[1-9]\d{3}$/),
        unitTitle: z.string().min(1),
        titles: z.array(z.string().min(1)).min(1),
      }),
    )
    .min(1),
});

const DemoVacancies = z.object({
  $comment: z.string().optional(),
  version: z.literal(1),
  vacancies: z
    .array(
      z
        .object({
          reference: z.string().regex(/^DEMO-V\d+$/, 'demo references look like DEMO-V01'),
          title: z.string().min(1),
          employer: z.string().includes('(demo)', { error: 'must say "(demo)" so nobody submits a customer to it' }),
          description: z.string(),
          soc2020: z.string().regex(/^[1-9]\d{3}$/),
          hoursPerWeek: z.number().gt(0).max(100),
          pattern: WorkPattern,
          payMin: z.number().gt(0),
          payMax: z.number().gt(0),
          payPeriod: PayPeriod,
          postcode: z.string().refine((p) => normalisePostcode(p) === p && /^QQ\d/.test(p), 'a canonical postcode in demo area QQ'),
          lat: z.number(),
          long: z.number(),
          closesInDays: z.number().int().min(-60).max(365),
        })
        .refine((v) => v.payMax >= v.payMin, { message: 'payMax below payMin', path: ['payMax'] })
        .refine((v) => insideUk(v.lat, v.long), { message: 'outside the UK', path: ['lat'] }),
    )
    .min(1),
});

export const demoSocUnits = () => DemoSocTitles.parse(socJson).units;

/** The demo vacancies with closing dates fixed relative to `today`, so the demo never goes stale. */
export function demoVacancies(today: string): VacancyRecord[] {
  const demo = DemoVacancies.parse(vacanciesJson);
  const units = new Set(demoSocUnits().map((u) => u.soc2020));
  return demo.vacancies.map((v) => {
    if (!units.has(v.soc2020)) throw new Error(`demo vacancy ${v.reference}: SOC ${v.soc2020} is not in the demo title list`);
    return {
      ref: v.reference,
      title: v.title,
      employer: v.employer,
      description: v.description,
      soc2020: v.soc2020,
      hoursPerWeek: v.hoursPerWeek,
      pattern: v.pattern,
      payMin: v.payMin,
      payMax: v.payMax,
      payPeriod: v.payPeriod,
      postcode: v.postcode,
      point: { lat: v.lat, long: v.long },
      closingDate: addDays(today, v.closesInDays),
    };
  });
}

/**
 * Loads the demo titles into an empty title table and the demo vacancies into an empty vacancy table; anything
 * imported is left alone. Safe to call on every start.
 */
export function ensureDemoVacancies(db: Db, today: string): { titles: number; vacancies: number } {
  if (!parseIsoDate(today)) throw new Error(`ensureDemoVacancies: today must be YYYY-MM-DD, got "${today}"`);
  let titles = 0;
  let vacancies = 0;
  db.transaction(() => {
    if (socTitleCount(db) === 0) titles = loadSocTitles(db, demoSocUnits(), DEMO_SOURCE);
    if (vacancyCount(db) === 0) {
      const writer = vacancyWriter(db, DEMO_SOURCE, `${today}T00:00:00.000Z`);
      for (const v of demoVacancies(today)) writer.put(v);
      vacancies = vacancyCount(db);
    }
  })();
  return { titles, vacancies };
}
