/**
 * One desk in its own process, for the concurrency test: opens the shared database file, takes `rounds` jobseeker
 * calls to the appointment step, prints READY, then books round i's slot the moment it reads "GO i" on stdin and
 * prints the outcome. Two of these race for the same slots.
 */
import { createInterface } from 'node:readline';
import { offerOf } from '../../machines/contract/api/appointments';
import { openDatabase } from '../../main/db/open';
import { callAtAppointments, makeDesk, slot } from './appointments-helpers';

const [file, prefix, roundsArg] = process.argv.slice(2) as [string, string, string];
const db = openDatabase(file);
const now = new Date('2026-11-23T09:00:00.000Z');
const desk = makeDesk(db, () => now, prefix);
const ROUND_DAYS = ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'];
const rounds = Number(roundsArg);
const calls = Array.from({ length: rounds }, () => callAtAppointments(desk, 'jsa').callId);
process.stdout.write('READY\n');

createInterface({ input: process.stdin }).on('line', (line) => {
  const m = /^GO (\d+)$/.exec(line.trim());
  if (!m) {
    if (line.trim() === 'EXIT') (db.close(), process.exit(0));
    return;
  }
  const i = Number(m[1]);
  const day = ROUND_DAYS[i]!;
  const r = desk.calls.send(
    calls[i]!,
    { type: 'appointment.book', fa: slot('JC-NORTH', `${day}T10:00:00.000Z`, 20, 'JC-NORTH-FA1'), wfi: slot('JC-NORTH', `${day}T10:30:00.000Z`, 40, 'JC-NORTH-PA1') },
    `${prefix}-fco`,
  );
  const out = r.ok ? { ok: true, callId: calls[i] } : { ok: false, callId: calls[i], code: r.error.code, message: r.error.message, offer: offerOf(r.error) };
  process.stdout.write(`RESULT ${i} ${JSON.stringify(out)}\n`);
});
