import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallService } from '../../main/calls/callService';
import { ScriptRegistry } from '../../main/content/scriptRegistry';
import { openDatabase, type Db } from '../../main/db/open';
import { MemoryDirectory } from '../../main/directory/memoryDirectory';
import type { GeoPoint, Office } from '../../machines/rules/allocation';
import { bundledScriptPackage, parseScriptPackage, type ScriptPackage } from '../../scripts-content';

export function v1(): ScriptPackage {
  const r = parseScriptPackage(bundledScriptPackage);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.pkg;
}

/** Three fictional offices around a fictional town grid, and postcodes at known distances. */
export const testOffices: Office[] = [
  { code: 'JC-NORTH', name: 'Northtown Jobcentre', address: '1 North St', postcode: 'QA1 1AA', lat: 54.0, long: -1.5, district: 'D1', group: 'G1' },
  { code: 'JC-SOUTH', name: 'Southtown Jobcentre', address: '1 South St', postcode: 'QA9 1AA', lat: 53.0, long: -1.5, district: 'D1', group: 'G1' },
  { code: 'JC-EAST', name: 'Easttown Jobcentre', address: '1 East St', postcode: 'QB1 1AA', lat: 53.5, long: -0.5, district: 'D2', group: 'G1' },
];
export const testPostcodes = new Map<string, GeoPoint>([
  ['QA1 2BB', { lat: 53.95, long: -1.5 }], // near North
  ['QA9 2BB', { lat: 53.05, long: -1.5 }], // near South
  ['QB1 2BB', { lat: 53.5, long: -0.6 }], // near East
]);
export const testDirectory = () => new MemoryDirectory(testOffices, testPostcodes);

export interface TestApp {
  db: Db;
  dir: string;
  file: string;
  service: CallService;
  clock: { now: Date; advance(seconds: number): void };
  close(): void;
}

/** A real SQLite file in a temp folder, a fixed clock and sequential ids. */
export function makeTestApp(opts: { start?: string; file?: string } = {}): TestApp {
  const dir = mkdtempSync(join(tmpdir(), 'intake-test-'));
  const file = opts.file ?? join(dir, 'intake.db');
  const db = openDatabase(file);
  const clock = {
    now: new Date(opts.start ?? '2026-11-23T09:00:00.000Z'),
    advance(seconds: number) {
      this.now = new Date(this.now.getTime() + seconds * 1000);
    },
  };
  let n = 0;
  const service = new CallService({
    db,
    scripts: new ScriptRegistry(db, () => clock.now),
    directory: testDirectory(),
    clock: () => clock.now,
    newId: () => `call-${String(++n).padStart(4, '0')}`,
  });
  return {
    db,
    dir,
    file,
    service,
    clock,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
