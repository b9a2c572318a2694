import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { offerOf } from '../../machines/contract/api/appointments';
import { apptTables, apptTestApp, callAtAppointments, slot, type ApptTestApp } from './appointments-helpers';

/**
 * Two desks, one slot. The seat is taken inside the transaction that appends the booking event (the write lock
 * serialises the desks; a partial unique index backs it up), so exactly one desk gets it and the other is refused
 * with the next free visit offered. First two connections in one process, then two processes released together.
 */
let t: ApptTestApp;
afterEach(() => t?.close());

const N = 'JC-NORTH';
const ROUND_DAYS = ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'];

describe('two desks booking the same slot', () => {
  it('two services on the same database file: the second is refused with the next free visit; it books that', () => {
    t = apptTestApp();
    const other = t.secondDesk('desk2');
    const a = callAtAppointments(t, 'jsa');
    const b = callAtAppointments(other, 'jsa');
    const fa = slot(N, '2026-11-24T10:00:00.000Z', 20, `${N}-FA1`);
    const wfi = slot(N, '2026-11-24T10:30:00.000Z', 40, `${N}-PA1`);
    // Desk 2 looked at the diary before desk 1 booked: the slot was free then.
    const seen = other.appts.freeSlots(b.callId);
    expect(seen.ok && seen.value.fa.some((s) => s.slot.start === fa.start)).toBe(true);

    expect(t.calls.send(a.callId, { type: 'appointment.book', fa, wfi }, 'fco-1').ok).toBe(true);
    const before = apptTables(t.db);
    const r = other.calls.send(b.callId, { type: 'appointment.book', fa, wfi }, 'fco-2');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_booking');
    const offer = offerOf(r.error);
    expect(offer).not.toBeNull();
    expect(offer!.fa.start).toBe('2026-11-24T10:20:00.000Z');
    expect(apptTables(t.db)).toEqual(before);
    expect(other.calls.send(b.callId, { type: 'appointment.book', fa: offer!.fa, wfi: offer!.wfi }, 'fco-2').ok).toBe(true);
    expect(t.db.prepare("SELECT COUNT(*) FROM appt_bookings WHERE adviser_id = ? AND start_at = ? AND status = 'booked'").pluck().get(`${N}-FA1`, fa.start)).toBe(1);
  });

  it('two processes released at the same moment, eight rounds: exactly one wins each slot, the other is offered the next', async () => {
    t = apptTestApp();
    const rounds = ROUND_DAYS.length;
    const child = join(__dirname, 'appointments-desk-child.ts');
    const procs: ChildProcessWithoutNullStreams[] = ['deskA', 'deskB'].map((p) => spawn(process.execPath, ['--import', 'tsx', child, t.file, p, String(rounds)], { stdio: 'pipe' }));
    const results = new Map<string, (r: { ok: boolean; callId: string; code?: string; message?: string; offer?: { fa: { start: string; diaryId?: string } } | null }) => void>();
    const ready: Promise<void>[] = [];
    const errs: string[] = [];
    for (const [k, p] of procs.entries()) {
      let buf = '';
      let resolveReady!: () => void;
      ready.push(new Promise((res) => (resolveReady = res)));
      p.stderr.on('data', (d) => errs.push(String(d)));
      p.stdout.on('data', (d) => {
        buf += String(d);
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line === 'READY') resolveReady();
          const m = /^RESULT (\d+) (.*)$/.exec(line);
          if (m) results.get(`${k}:${m[1]}`)?.(JSON.parse(m[2]!));
        }
      });
    }
    try {
      await Promise.race([Promise.all(ready), new Promise((_, rej) => setTimeout(() => rej(new Error(`children not ready: ${errs.join('')}`)), 50_000))]);
      for (let i = 0; i < rounds; i++) {
        const outcomes = procs.map((_, k) => new Promise<Parameters<NonNullable<ReturnType<typeof results.get>>>[0]>((res) => results.set(`${k}:${i}`, res)));
        for (const p of procs) p.stdin.write(`GO ${i}\n`);
        const [x, y] = await Promise.all(outcomes);
        const winners = [x!, y!].filter((r) => r.ok);
        const losers = [x!, y!].filter((r) => !r.ok);
        expect(winners, `round ${i}: ${JSON.stringify([x, y])}`).toHaveLength(1);
        expect(losers[0]!.code).toBe('invalid_booking');
        expect(losers[0]!.message).toMatch(/has just been booked by someone else\. Next free:/);
        expect(losers[0]!.offer!.fa.start).toBe(`${ROUND_DAYS[i]}T10:20:00.000Z`);
        // The database agrees: one seat held, by the winner's call; the loser's call holds nothing.
        const held = t.db
          .prepare("SELECT call_id FROM appt_bookings WHERE adviser_id = ? AND start_at = ? AND status = 'booked'")
          .pluck()
          .all(`${N}-FA1`, `${ROUND_DAYS[i]}T10:00:00.000Z`);
        expect(held).toEqual([winners[0]!.callId]);
        expect(t.db.prepare("SELECT COUNT(*) FROM appt_bookings WHERE call_id = ?").pluck().get(losers[0]!.callId)).toBe(0);
        expect(t.db.prepare("SELECT COUNT(*) FROM call_events WHERE call_id = ? AND type = 'appointment.book'").pluck().get(losers[0]!.callId)).toBe(0);
      }
    } finally {
      for (const p of procs) {
        p.stdin.write('EXIT\n');
        p.stdin.end();
      }
      await Promise.all(procs.map((p) => new Promise((res) => (p.exitCode !== null ? res(null) : p.on('exit', res)))));
    }
  });
});
