import type { Db } from '../db/open';
import { cellTokens } from './geo';
import { titleWords } from './text';
import { normalisePay, type VacancyRecord } from './vacancy';

export interface VacancyWriter {
  /** Inserts or replaces (same `ref`) one vacancy. Call inside a transaction when writing many. */
  put(v: VacancyRecord): void;
}

/**
 * The one place that writes vacancies, shared by the CSV importer, the demo loader and the test corpus, so normalised
 * pay and the text index can never disagree with the advertised figures.
 */
export function vacancyWriter(db: Db, source: string, importedAt: string): VacancyWriter {
  const upsert = db.prepare<unknown[], { id: number }>(`
    INSERT INTO vacancies (ref, soc2020, lat, long, closing_date, hours_per_week, pattern,
      pay_min_hourly_p, pay_max_hourly_p, pay_min_annual_p, pay_max_annual_p, pay_period, pay_min, pay_max,
      postcode, title_words, source, imported_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (ref) DO UPDATE SET
      soc2020 = excluded.soc2020, lat = excluded.lat, long = excluded.long, closing_date = excluded.closing_date,
      hours_per_week = excluded.hours_per_week, pattern = excluded.pattern,
      pay_min_hourly_p = excluded.pay_min_hourly_p, pay_max_hourly_p = excluded.pay_max_hourly_p,
      pay_min_annual_p = excluded.pay_min_annual_p, pay_max_annual_p = excluded.pay_max_annual_p,
      pay_period = excluded.pay_period, pay_min = excluded.pay_min, pay_max = excluded.pay_max,
      postcode = excluded.postcode, title_words = excluded.title_words, source = excluded.source, imported_at = excluded.imported_at
    RETURNING id`);
  const text = db.prepare(`
    INSERT INTO vacancy_texts (id, title, employer, description, places) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET
      title = excluded.title, employer = excluded.employer, description = excluded.description, places = excluded.places
    WHERE title IS NOT excluded.title OR employer IS NOT excluded.employer OR description IS NOT excluded.description
      OR places IS NOT excluded.places`);
  return {
    put(v) {
      const lo = normalisePay(v.payMin, v.payPeriod, v.hoursPerWeek);
      const hi = normalisePay(v.payMax, v.payPeriod, v.hoursPerWeek);
      const row = upsert.get(
        v.ref,
        v.soc2020,
        v.point.lat,
        v.point.long,
        v.closingDate,
        v.hoursPerWeek,
        v.pattern,
        lo.hourlyPence,
        hi.hourlyPence,
        lo.annualPence,
        hi.annualPence,
        v.payPeriod,
        v.payMin,
        v.payMax,
        v.postcode,
        titleWords(v.title).length,
        source,
        importedAt,
      );
      if (!row) throw new Error(`vacancy ${v.ref} was not stored`);
      text.run(row.id, v.title, v.employer, v.description, cellTokens(v.point));
    },
  };
}

export function vacancyCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM vacancies').get() as { n: number }).n;
}

export function socTitleCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM soc_titles').get() as { n: number }).n;
}
