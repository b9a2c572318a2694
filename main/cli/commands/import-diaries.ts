import { readFileSync } from 'node:fs';
import { DiaryFile, importDiaries } from '../../appointments/diaries';
import { openDatabase } from '../../db/open';
import { importInput, type CliCommand } from '../io';

export const command: CliCommand = {
  summary: 'Import Jobcentre diaries (advisers, roles, hours, slot lengths, absences) from a JSON file',
  usage:
    'import-diaries <diaries.json> [--db <intake.db>]\n' +
    '  Format: scripts-content/demo/diaries.json. Replaces the diaries of the offices in the file; advisers left out are\n' +
    '  deactivated (their bookings are kept). Future bookings the new diaries no longer cover are listed for re-booking.',
  async run(args, io) {
    const input = importInput(args, io, command.usage);
    if (typeof input === 'number') return input;
    const { file } = input;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      io.err(`${file} is not valid JSON (${e instanceof Error ? e.message : String(e)}). Nothing was changed.`);
      return 1;
    }
    const parsed = DiaryFile.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues.slice(0, 20)) io.err(`${file}: ${i.path.join('.') || '(file)'}: ${i.message}`);
      io.err('Nothing was changed.');
      return 1;
    }
    const db = openDatabase(input.dbFile);
    try {
      const known = new Set(db.prepare('SELECT code FROM offices').pluck().all() as string[]);
      const unknown = parsed.data.offices.map((o) => o.officeCode).filter((c) => !known.has(c));
      if (unknown.length) io.out(`Warning: not in the office directory (yet): ${unknown.join(', ')}. Their diaries are imported anyway.`);
      const r = importDiaries(db, parsed.data, io.now(), file);
      io.out(`Imported ${r.advisers} adviser diaries for ${r.offices} office(s); ${r.deactivated} adviser(s) no longer listed were deactivated.`);
      if (r.orphanedBookings.length) {
        io.out(`${r.orphanedBookings.length} future booking(s) are no longer covered by the diaries; re-book them:`);
        for (const b of r.orphanedBookings.slice(0, 50)) io.out(`  ${b.bookingId} (call ${b.callId}) with ${b.adviserId} at ${b.start}`);
      }
      return 0;
    } catch (e) {
      io.err(`${e instanceof Error ? e.message : String(e)}. Nothing was changed.`);
      return 1;
    } finally {
      db.close();
    }
  },
};
