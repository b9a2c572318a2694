/**
 * Child process for the crash test: drives a full jobseeker call against a real SQLite file and prints an ACK
 * after every accepted event, pausing briefly so the parent can SIGKILL it at any point.
 */
import { CallService } from '../../main/calls/callService';
import { ScriptRegistry } from '../../main/content/scriptRegistry';
import { openDatabase } from '../../main/db/open';
import { identityAnswers, jobseekerTriage, markers } from './calls';
import { testDirectory } from './fixtures';

const file = process.argv[2]!;
const db = openDatabase(file);
let t = Date.parse('2026-11-23T09:00:00Z');
const service = new CallService({ db, scripts: new ScriptRegistry(db), directory: testDirectory(), clock: () => new Date((t += 1000)), newId: () => 'crash-call' });
const started = service.startCall('fco-crash');
if (!started.ok) throw new Error(started.error.message);
process.stdout.write('CALL crash-call\n');

const cmds = [...identityAnswers(), ...jobseekerTriage, ...markers('jobseeker')];
for (const c of cmds) {
  const r = service.send('crash-call', c, 'fco-crash');
  if (!r.ok) throw new Error(r.error.message);
  const seq = (db.prepare('SELECT last_seq FROM calls WHERE call_id = ?').get('crash-call') as { last_seq: number }).last_seq;
  process.stdout.write(`ACK ${seq} ${r.value.phase} ${r.value.question?.id ?? '-'}\n`);
  const until = Date.now() + 15;
  while (Date.now() < until) {
    /* spin: keep the process busy so the kill can land between events */
  }
}
process.stdout.write('DONE\n');
setInterval(() => undefined, 1000); // stay alive until killed
