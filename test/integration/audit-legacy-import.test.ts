import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditService } from '../../main/audit/auditService';
import { importLegacyMarkers, LegacyImportRefused, type LegacyImportResult } from '../../main/audit/legacyImport';
import { command as reportCommand } from '../../main/cli/commands/audit-report';
import { command as importCommand } from '../../main/cli/commands/import-legacy-markers';
import type { CliIo } from '../../main/cli/io';
import { ScriptRegistry } from '../../main/content/scriptRegistry';
import type { Db } from '../../main/db/open';
import type { Directory } from '../../main/directory/directory';
import { rebuildOutcodes } from '../../main/directory/importPostcodes';
import { SqliteDirectory } from '../../main/directory/sqliteDirectory';
import { makeTestApp, testDirectory, testOffices, testPostcodes, v1, type TestApp } from '../helpers/fixtures';

const apps: TestApp[] = [];
afterEach(() => {
  while (apps.length) apps.pop()!.close();
});
const newApp = () => {
  const a = makeTestApp({ start: '2026-11-23T09:00:00.000Z' });
  apps.push(a);
  return a;
};

/** The test offices and postcodes in the database's own directory tables (the CLI and the worker read those). */
function seedDirectory(db: Db): SqliteDirectory {
  const office = db.prepare("INSERT INTO offices (code, name, address, postcode, lat, long, district, group_name, status, source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'serving', 'test', '2026-01-01')");
  const pc = db.prepare('INSERT INTO postcodes (postcode, lat, long) VALUES (?, ?, ?)');
  db.transaction(() => {
    db.exec("DELETE FROM offices WHERE source = 'demo'");
    for (const o of testOffices) office.run(o.code, o.name, o.address, o.postcode, o.lat, o.long, o.district, o.group);
    for (const [p, g] of testPostcodes) pc.run(p, g.lat, g.long);
    rebuildOutcodes(db);
  })();
  return new SqliteDirectory(db);
}

const HEADER = 'claim_ref,nino,claim_date,fco_id,team,benefit_type,primary_marker,jobcentre_marker,customer_postcode,appointment_status,office_reason,call_seconds';
/** A legacy export with known errors (line numbers on the left are the file's). */
const EXPORT = [
  HEADER, //                                                                                          line 1
  'L001,AB123456C,2007-03-05,fco7,Team North,JSA,jobseeker,JC-NORTH,QA1 2BB,booked,,600', //            2 clean
  'L002,AB123457C,2007-03-05,fco7,Team North,JSA,jobseeker,CC-DEMO-01,QA1 2BB,booked,,700', //          3 contact-centre default
  'L003,AB123458C,2007-03-06,fco8,Team South,IB,incapacitated/disabled,cc-leeds,QA9 2BB,scheduled,,', // 4 another contact centre
  'L004,AB123459C,2007-03-06,fco8,Team South,JSA,jobseeker,,QA9 2BB,booked,,1300', //                   5 missing
  'L005,AB123460C,2007-03-06,fco8,Team South,JSA,jobseeker,JC-XYZ,QA9 2BB,booked,,', //                 6 not a Jobcentre
  'L006,AB123461C,2007-03-07,fco7,Team North,JSA,jobseeker,JC-SOUTH,QA1 2BB,booked,,', //               7 outside the area
  'L007,AB123462C,2007-03-07,fco7,Team North,JSA,jobseeker,JC-SOUTH,QA1 2BB,booked,customer choice,', //8 outside, with reason
  'L008,AB123463C,2007-03-07,fco7,Team North,IB,jobseeker,JC-NORTH,QA1 2BB,scheduled,,', //             9 wrong benefit marker
  'L009,AB123464C,2007-03-08,fco8,Team South,IB,incapacitated/disabled,JC-SOUTH,QA9 2BB,not_scheduled,,', // 10 never reached
  'L010,AB123465C,2007-03-08,fco8,Team South,HB,hb/ctb only,JC-SOUTH,QA9 2BB,,,', //                    11 clean, no WFI
  'L011,AB123466C,2007-02-30,fco8,Team South,JSA,jobseeker,JC-SOUTH,QA9 2BB,booked,,', //               12 bad date
  'L012,NOTANINO,2007-03-08,fco8,Team South,JSA,jobseeker,JC-SOUTH,QA9 2BB,booked,,', //                13 bad NINO
  'L013,AB123467C,2007-03-08,fco8', //                                                                  14 short row
  'L014,AB123468C,2007-03-08,fco8,Team South,XYZ,jobseeker,JC-SOUTH,QA9 2BB,booked,,', //               15 unknown benefit
  'L015,AB123469C,2007-03-08,fco8,Team South,JSA,jobseeker,JC-SOUTH,NOT A PC,booked,,', //              16 bad postcode
  'L001,AB123470C,2007-03-09,fco8,Team South,JSA,jobseeker,JC-SOUTH,QA9 2BB,booked,,', //               17 duplicate ref
  'L016,ab 12 34 71 c,09/03/2007,fco9,"Team, East",CA,Carer,JC-EAST,qb12bb,BOOKED,"said ""near"" work\nand family",', // 18-19 quoted, UK date
  'L017,AB123472C,2007-03-09,fco9,"Team, East",JSA,jobseeker,JC-EAST,QA1 9ZZ,booked,,', //             20 outcode only: East is a candidate
  'L018,AB123473C,2007-03-09,fco9,"Team, East",JSA,jobseeker,JC-NORTH,QA1 2BB,maybe,,', //              21 bad appointment status
  'L019,AB123474C,2007-03-09,fco9,"Team, East",JSA,jobseeker,JC-NORTH,QA1 2BB,booked,,99999', //        22 bad call length
].join('\n');

function writeExport(a: TestApp, text: string, name = 'legacy.csv'): string {
  const file = join(a.dir, name);
  writeFileSync(file, text);
  return file;
}

const opts = (a: TestApp, file: string, directory: Directory = testDirectory()) => ({
  file,
  directory,
  pkg: v1(),
  contactCentreCodes: ['CC-LEEDS'],
  by: 'tl-tess',
  now: () => a.clock.now,
});

function auditOf(a: TestApp) {
  return new AuditService({ db: a.db, calls: a.service, scripts: new ScriptRegistry(a.db, () => a.clock.now), directory: testDirectory(), clock: () => a.clock.now, defaultSeed: 's' });
}

const summary = (db: Db) => db.prepare('SELECT * FROM audit_summary ORDER BY grain, start, fco_id, team, source').all();
const claimRows = (db: Db) => db.prepare('SELECT source, ref, claim_date, week, fco_id, team, benefit, nino, postcode, benefit_marker, expected_marker, jobcentre_marker, area_office, appointment, deferral_eligible, deferred, call_seconds, office_overrides, benefit_overrides, errors, findings FROM audit_claims ORDER BY ref').all();

describe('importing JP marker records from a legacy export', () => {
  it('finds the known errors, rejects malformed rows with their line numbers, and imports the rest', async () => {
    const a = newApp();
    const r = await importLegacyMarkers(a.db, opts(a, writeExport(a, EXPORT)));
    expect(r).toMatchObject({ rowsRead: 20, imported: 12, replaced: 0, rejected: 8, claimsWithErrors: 7, parallel: false });
    expect(r.rejections.map((x) => [x.line, x.field])).toEqual([
      [12, 'claim_date'],
      [13, 'nino'],
      [14, null],
      [15, 'benefit_type'],
      [16, 'customer_postcode'],
      [17, 'claim_ref'],
      [21, 'appointment_status'],
      [22, 'call_seconds'],
    ]);
    expect(r.rejections[0]!.reason).toBe('claim_date: "2007-02-30" is not a real date (use YYYY-MM-DD or DD/MM/YYYY)');
    expect(r.rejections[2]!.reason).toBe('expected 12 fields as in the header, found 4');
    expect(r.rejections[5]!.reason).toBe('claim_ref: "L001" appears again (first on line 2); the first row was kept');
    expect(r.rejections[1]!.excerpt).toMatch(/^L012,NOTANINO,2007-03-08/);
    expect(r.rejectedByField).toEqual({ claim_date: 1, nino: 1, '(row)': 1, benefit_type: 1, customer_postcode: 1, claim_ref: 1, appointment_status: 1, call_seconds: 1 });
    expect(r.errorsByReason).toEqual({ jobcentreMissing: 1, jobcentreContactCentre: 2, jobcentreNotAJobcentre: 1, officeOutsideArea: 1, benefitMarkerMismatch: 1, appointmentNotReached: 1 });

    const audit = auditOf(a);
    const jp = audit.jpReport({ source: 'legacy', offset: 0, limit: 100 });
    expect(Object.fromEntries(jp.rows.map((x) => [x.ref, x.reasons]))).toEqual({
      L002: ['jobcentreContactCentre'],
      L003: ['jobcentreContactCentre'],
      L004: ['jobcentreMissing'],
      L005: ['jobcentreNotAJobcentre'],
      L006: ['officeOutsideArea'],
      L008: ['benefitMarkerMismatch'],
      L009: ['appointmentNotReached'],
    });
    expect(jp.checked).toEqual({ claims: 12, withError: 7 });
    expect(jp.rows.find((x) => x.ref === 'L002')!.findings[0]).toMatch(/contact centre \(CC-DEMO-01\)/);
    expect(jp.freshness.legacyImportedAt).toBe('2026-11-23T09:00:00.000Z');
    expect(jp.freshness.legacyImportRunningSince).toBeNull();
    // The quoted row: comma in the team, UK date, lower-case NINO and postcode, a reason spanning two lines.
    const quoted = a.db.prepare("SELECT claim_date, team, nino, postcode, benefit_marker, errors FROM audit_claims WHERE ref = 'L016'").get();
    expect(quoted).toEqual({ claim_date: '2007-03-09', team: 'Team, East', nino: 'AB123471C', postcode: 'QB1 2BB', benefit_marker: 'Carer', errors: 0 });
    // A recorded reason for another office is an override the team leader sees, not an error.
    expect(audit.changes({ source: 'legacy', offset: 0, limit: 10 }).byReason).toEqual([{ kind: 'officeOverride', reason: 'customer choice', label: null, count: 1 }]);
    const perTeam = audit.analytics({ source: 'legacy', by: 'team' });
    expect(perTeam.rows.map((x) => [x.key, x.claims, x.withError])).toEqual([
      ['Team North', 5, 3],
      ['Team South', 5, 4],
      ['Team, East', 2, 0],
    ]);
    expect(perTeam.totals.medianSeconds).toBe(705);
    // The summary merged at the end of the import equals one rebuilt from the claim rows.
    const merged = summary(a.db);
    a.db.transaction(() => audit.store.rebuildSummary())();
    expect(summary(a.db)).toEqual(merged);
    expect(audit.imports()[0]).toMatchObject({ file: 'legacy.csv', status: 'complete', rowsRead: 20, imported: 12, rejected: 8, errorsFound: 7, by: 'tl-tess' });
  });

  it('replaces earlier records on a re-import, so a corrected export clears its errors', async () => {
    const a = newApp();
    await importLegacyMarkers(a.db, opts(a, writeExport(a, EXPORT)));
    const again = await importLegacyMarkers(a.db, opts(a, writeExport(a, EXPORT)));
    expect(again).toMatchObject({ imported: 12, replaced: 12, rejected: 8 });
    expect(a.db.prepare('SELECT count(*) FROM audit_claims').pluck().get()).toBe(12);
    const fixed = EXPORT.replace('L002,AB123457C,2007-03-05,fco7,Team North,JSA,jobseeker,CC-DEMO-01', 'L002,AB123457C,2007-04-02,fco7,Team North,JSA,jobseeker,JC-NORTH');
    const r = await importLegacyMarkers(a.db, opts(a, writeExport(a, fixed, 'fixed.csv')));
    expect(r.claimsWithErrors).toBe(6);
    const audit = auditOf(a);
    expect(audit.jpReport({ source: 'legacy', offset: 0, limit: 100 }).countsByReason.jobcentreContactCentre).toBe(1);
    // The moved claim left March and joined April; the summary equals a rebuild.
    const incremental = summary(a.db);
    a.db.transaction(() => audit.store.rebuildSummary())();
    expect(summary(a.db)).toEqual(incremental);
    expect(audit.analytics({ source: 'legacy', by: 'day', from: '2007-04-01', to: '2007-04-30' }).rows.map((x) => [x.key, x.claims])).toEqual([['2007-04-02', 1]]);
  });

  it('refuses a file it cannot read, and changes nothing', async () => {
    const a = newApp();
    const refusals: [string, RegExp, number | null][] = [
      [EXPORT.replace('customer_postcode,', 'postcode,'), /missing column\(s\) customer_postcode/, 1],
      // A stray quote is noticed at the next quote; the message says where the quoted field began.
      [EXPORT.replace('L006,AB123461C', '"L006,AB123461C'), /line 18: unexpected "T" after a closing quote \(the quoted field began on line 7\)/, 18],
      [`${EXPORT}\n"L020,AB123475C,2007-03-09`, /line 23: a quoted field is never closed/, 23],
      [EXPORT.replace('L009,AB123464C', '"L009"x,AB123464C'), /line 10: unexpected "x" after a closing quote/, 10],
      ['', /is empty/, 1],
    ];
    for (const [text, message, line] of refusals) {
      const err = await importLegacyMarkers(a.db, opts(a, writeExport(a, text))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LegacyImportRefused);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toMatch(/Nothing was imported/);
      expect((err as LegacyImportRefused).line).toBe(line);
    }
    await expect(importLegacyMarkers(a.db, opts(a, join(a.dir, 'missing.csv')))).rejects.toThrow(/There is no file/);
    expect(a.db.prepare('SELECT (SELECT count(*) FROM audit_claims) + (SELECT count(*) FROM audit_summary) + (SELECT count(*) FROM audit_imports)').pluck().get()).toBe(0);
  });

  it('gives the same result read by a worker thread as in one thread', async () => {
    const one = newApp();
    const par = newApp();
    const rOne = await importLegacyMarkers(one.db, opts(one, writeExport(one, EXPORT), seedDirectory(one.db)));
    const rPar = await importLegacyMarkers(par.db, { ...opts(par, writeExport(par, EXPORT), seedDirectory(par.db)), parallel: { dbFile: par.file, mode: 'always' }, batchSize: 4 });
    expect(rPar.parallel).toBe(true);
    const strip = (r: LegacyImportResult) => ({ ...r, elapsedMs: 0, parallel: null, file: null });
    expect(strip(rPar)).toEqual(strip(rOne));
    expect(claimRows(par.db)).toEqual(claimRows(one.db));
    expect(summary(par.db)).toEqual(summary(one.db));
  });

  it('recovers the summary of an import that was interrupted before it finished', async () => {
    const a = newApp();
    await importLegacyMarkers(a.db, opts(a, writeExport(a, EXPORT)));
    const good = summary(a.db);
    // As if the process died after writing rows but before merging the summary.
    a.db.prepare("DELETE FROM audit_summary WHERE source = 'legacy'").run();
    a.db.prepare("UPDATE audit_imports SET status = 'running', months = '[\"2007-03-01\"]'").run();
    expect(auditOf(a).freshness().legacyImportRunningSince).toBe('2026-11-23T09:00:00.000Z');
    await importLegacyMarkers(a.db, opts(a, writeExport(a, HEADER)));
    expect(summary(a.db)).toEqual(good);
    expect(auditOf(a).imports().map((i) => i.status)).toEqual(['complete', 'failed']);
  });

  it('runs from the command line and prints a summary with the rejected lines', async () => {
    const a = newApp();
    seedDirectory(a.db);
    const file = writeExport(a, EXPORT);
    const out: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => out.push(`ERR ${l}`), progress: () => {}, now: () => a.clock.now };
    expect(await importCommand.run([file, '--db', a.file, '--by', 'tl-tess', '--contact-centres', 'CC-LEEDS'], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/Read 20 row\(s\) from .*legacy\.csv/);
    expect(text).toMatch(/Imported 12 \(12 new, 0 replacing an earlier import\); rejected 8\./);
    expect(text).toMatch(/JP process errors found: 7 claim\(s\) of 12\./);
    expect(text).toMatch(/Jobcentre marker is the contact centre: 2/);
    expect(text).toMatch(/line 12: claim_date: "2007-02-30" is not a real date/);
    expect(text).toMatch(/line 17: claim_ref: "L001" appears again/);
    const bad = writeExport(a, EXPORT.replace('L006,AB123461C', '"L006,AB123461C'), 'bad.csv');
    const errs: string[] = [];
    expect(await importCommand.run([bad, '--db', a.file], { ...io, err: (l) => errs.push(l) })).toBe(1);
    expect(errs.join('\n')).toMatch(/line 18: .*began on line 7.*Nothing was imported/);
    expect(await importCommand.run([], io)).toBe(2);

    // And the report comes back out as CSV.
    const csv = join(a.dir, 'jp.csv');
    expect(await reportCommand.run(['jp', '--source', 'legacy', '--reason', 'jobcentreContactCentre', '--db', a.file, '--out', csv], io)).toBe(0);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['L003', 'L002']);
    expect(await reportCommand.run(['jp', '--reason', 'everything', '--db', a.file], { ...io, err: (l) => errs.push(l) })).toBe(2);
    expect(errs.at(-2)).toMatch(/^reason: /);
  });
});
