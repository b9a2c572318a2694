import { normalisePostcode, parseIsoDate } from '../../../machines/rules/ukFormats';
import { londonDay } from '../../../machines/rules/windows';
import { openDatabase } from '../../db/open';
import { ensureDemoDirectory } from '../../directory/demoDirectory';
import { SqliteDirectory } from '../../directory/sqliteDirectory';
import { ensureDemoVacancies } from '../../jobsearch/demo';
import { searchVacancies, type JobSearchInput } from '../../jobsearch/search';
import { WorkPattern } from '../../jobsearch/vacancy';
import { parseOptions, type CliCommand } from '../io';

const number = (v: string | true | undefined): number | undefined | null => {
  if (v === undefined) return undefined;
  if (v === true || v.trim() === '' || !Number.isFinite(Number(v))) return null;
  return Number(v);
};

export const command: CliCommand = {
  summary: "Search vacancies for a customer's job goal (the engine behind the desk's job search)",
  usage:
    'search-jobs --goal "<words>" [--postcode <home postcode>] [--miles <n>] [--min-pay <£/hour>]\n' +
    '            [--hours <max> | --hours <min>-<max>] [--pattern full-time,part-time,shifts] [--soc <code>]\n' +
    '            [--limit <n>] [--today YYYY-MM-DD] [--demo] [--json] [--db <intake.db>]\n' +
    '  --demo loads the demo directory and demo vacancies into an empty database first.',
  async run(args, io) {
    const { options } = parseOptions(args);
    const str = (k: string) => (typeof options[k] === 'string' ? (options[k] as string) : undefined);
    if (options.goal === undefined || options.goal === true || options.db === true) {
      io.err(`Usage: ${command.usage}`);
      return 2;
    }
    const today = str('today') ?? londonDay(io.now());
    if (!parseIsoDate(today)) {
      io.err(`--today must be a date as YYYY-MM-DD (got "${today}").`);
      return 2;
    }
    const query: JobSearchInput = { text: str('goal') ?? '' };
    const numeric: [string, 'maxDistanceMiles' | 'minHourlyPay' | 'limit'][] = [
      ['miles', 'maxDistanceMiles'],
      ['min-pay', 'minHourlyPay'],
      ['limit', 'limit'],
    ];
    for (const [flag, field] of numeric) {
      const n = number(options[flag]);
      if (n === null) {
        io.err(`--${flag} needs a number.`);
        return 2;
      }
      if (n !== undefined) query[field] = n;
    }
    const hours = str('hours');
    if (hours !== undefined) {
      const m = /^\s*(\d+(?:\.\d+)?)\s*(?:[-–]\s*(\d+(?:\.\d+)?))?\s*$/.exec(hours);
      if (!m) {
        io.err('--hours is a maximum ("30") or a band ("16-30").');
        return 2;
      }
      if (m[2] === undefined) query.maxHours = Number(m[1]);
      else {
        query.minHours = Number(m[1]);
        query.maxHours = Number(m[2]);
      }
    }
    const pattern = str('pattern');
    if (pattern !== undefined) {
      const parsed = pattern.split(',').map((p) => WorkPattern.safeParse(p.trim()));
      if (parsed.some((p) => !p.success)) {
        io.err(`--pattern takes ${WorkPattern.options.join(', ')} (comma-separated).`);
        return 2;
      }
      query.patterns = parsed.flatMap((p) => (p.success ? [p.data] : []));
    }
    if (str('soc') !== undefined) query.socCode = str('soc');

    const db = openDatabase(str('db') ?? 'intake.db');
    try {
      if (options.demo === true) {
        ensureDemoDirectory(db, io.now());
        const loaded = ensureDemoVacancies(db, today);
        if (loaded.vacancies || loaded.titles) io.out(`Loaded the demo set: ${loaded.vacancies} vacancies, ${loaded.titles} job titles.`);
      }
      let homePoint = null;
      const postcode = str('postcode');
      if (postcode !== undefined) {
        const canonical = normalisePostcode(postcode);
        const located = canonical ? new SqliteDirectory(db).locate(canonical) : null;
        if (!located) io.err(`Could not locate ${postcode}${canonical ? '' : ' (not a UK postcode)'}; distance will not be used.`);
        else {
          homePoint = located.point;
          if (located.match === 'approximate') io.out(`${canonical} is not in the postcode table; measuring from the centre of its outcode.`);
        }
      }
      const r = searchVacancies(db, query, { today, homePoint });
      if (options.json === true) {
        io.out(JSON.stringify(r, null, 2));
        return r.ok ? 0 : 1;
      }
      if (!r.ok) {
        io.err(r.error.message);
        for (const s of r.error.suggestions) io.err(`  - ${s.title} (SOC ${s.soc2020} ${s.unitTitle})`);
        return 1;
      }
      const g = r.value.goal;
      if (g.occupations.length) io.out(`Goal read as: ${g.occupations.map((o) => `${o.matchedTitle} (SOC ${o.soc2020})`).join('; ')}`);
      if (g.note) io.out(`Note: ${g.note}.`);
      if (g.ignoredWords.length) io.out(`Not in any job title, left out: ${g.ignoredWords.join(', ')}.`);
      io.out(`${r.value.total} open vacanc${r.value.total === 1 ? 'y matches' : 'ies match'}; showing ${r.value.results.length}.`);
      r.value.results.forEach((m, i) => {
        io.out(`\n${i + 1}. ${m.title} — ${m.employer} (${m.postcode}) [${m.vacancyId}]`);
        for (const w of m.why) io.out(`     · ${w}`);
      });
      return 0;
    } finally {
      db.close();
    }
  },
};
