import { DiaryFile, importDiaries } from '../../main/appointments/diaries';
import { sampleAnswer } from '../helpers/answers';
import { apptTestApp, callAtAppointments, slot } from '../integration/appointments-helpers';
import { ms, row, summarise, TABLE_HEAD, timeEach, type BenchModule } from './stats';

/**
 * A busy Jobcentre: 4 financial assessors (20-minute slots), 6 Personal Advisers (40 minutes every hour), 2 lone-parent
 * advisers and 2 IBPAs, Monday to Friday, with about half of the next four weeks already booked. Carers are booked in
 * claim days 1–28, so each search covers the whole four-week diary.
 *
 * - Free slots: `AppointmentService.freeSlots` (bookings query, FA and WFI grids over 28 days, the suggestion).
 * - Booking: `CallService.send(appointment.book)`: zod, machine rules, event + snapshot + projection, and the append
 *   hook reserving both seats, in one SQLite transaction (WAL, synchronous=NORMAL).
 */
const OFFICE = 'JC-NORTH';
const week = (blocks: [string, string][]) => ({ mon: blocks, tue: blocks, wed: blocks, thu: blocks, fri: blocks });

function busyDiary(): DiaryFile {
  const advisers = [
    ...[1, 2, 3, 4].map((i) => ({ id: `${OFFICE}-FA${i}`, name: `FA ${i}`, role: 'financialAssessor', slotMinutes: 20, hours: week([['09:00', '12:40'], ['13:20', '16:40']]) })),
    ...[1, 2, 3, 4, 5, 6].map((i) => ({ id: `${OFFICE}-PA${i}`, name: `PA ${i}`, role: 'personalAdviser', slotMinutes: 40, stepMinutes: 60, hours: week([['09:30', '12:30'], ['13:30', '16:30']]) })),
    ...[1, 2].map((i) => ({ id: `${OFFICE}-LPA${i}`, name: `LPA ${i}`, role: 'loneParentAdviser', slotMinutes: 40, stepMinutes: 60, hours: week([['09:30', '12:30'], ['13:00', '15:00']]) })),
    ...[1, 2].map((i) => ({ id: `${OFFICE}-IBPA${i}`, name: `IBPA ${i}`, role: 'ibPersonalAdviser', slotMinutes: 50, stepMinutes: 60, hours: week([['09:30', '12:30'], ['13:30', '16:30']]) })),
  ];
  return DiaryFile.parse({ version: 1, offices: [{ officeCode: OFFICE, advisers }] });
}

const bench: BenchModule = {
  title: 'Appointments: free slots over a four-week diary, booking with its transaction',
  async run(log) {
    const t = apptTestApp({ diaries: false });
    try {
      importDiaries(t.db, busyDiary(), t.clock.now, 'bench');
      // Fill ~60% of the diary with bookings held by one filler call (direct inserts: set-up, not measured).
      const filler = callAtAppointments(t, 'carer').callId;
      const probe = t.appts.freeSlots(filler, { limit: 10_000 });
      if (!probe.ok) throw new Error(probe.error.message);
      const all = [...probe.value.fa, ...probe.value.wfi];
      const ins = t.db.prepare(
        `INSERT INTO appt_bookings (booking_id, call_id, kind, office_code, adviser_id, start_at, start_ms, minutes, seat, mode, benefit_id, source, status, rebook_count, created_at, created_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 'inPerson', 'carer', 'call', 'booked', 0, 'bench', 'bench', 'bench')`,
      );
      let filled = 0;
      let seed = 42;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      t.db.transaction(() => {
        all.forEach((s, i) => {
          if (rnd() < 0.5) {
            ins.run(`fill-${i}`, filler, s.role === 'financialAssessor' ? 'fa' : 'wfi', OFFICE, s.slot.diaryId, s.slot.start, Date.parse(s.slot.start), s.slot.minutes);
            filled++;
          }
        });
      })();
      log(`diary: ${all.length} slots over 4 weeks (FA ${probe.value.fa.length}, interview roles ${probe.value.wfi.length}); ${filled} booked (${((100 * filled) / all.length).toFixed(0)}%)`);

      const N_BOOK = 250;
      log(`taking ${N_BOOK} carer calls to the appointment step…`);
      const calls = Array.from({ length: N_BOOK }, () => callAtAppointments(t, 'carer').callId);

      let found = 0;
      const search = timeEach(1000, (i) => {
        const r = t.appts.freeSlots(calls[i % calls.length]!, { days: 28 });
        if (r.ok && r.value.suggestion) found++;
      }, 100);
      if (found < 1000) throw new Error('the search found no visit: the bench is not measuring a real search');
      const lastSearch = t.appts.freeSlots(calls[0]!, { days: 28, limit: 10_000 });
      const searchSize = lastSearch.ok ? lastSearch.value.fa.length + lastSearch.value.wfi.length : 0;

      // Booking: each call books the visit offered to it (computed outside the timing).
      const offers = calls.map((c) => {
        const r = t.appts.freeSlots(c, { days: 28 });
        if (!r.ok || !r.value.suggestion) throw new Error('no suggestion');
        return r.value.suggestion;
      });
      // Offers computed up front collide (every call gets the same first visit); give each call its own pair.
      const used = new Set<string>();
      const pairs: { fa: ReturnType<typeof slot>; wfi: ReturnType<typeof slot> }[] = [];
      const faFree = lastSearch.ok ? lastSearch.value.fa : [];
      const wfiFree = lastSearch.ok ? lastSearch.value.wfi : [];
      for (const f of faFree) {
        if (pairs.length >= N_BOOK) break;
        const w = wfiFree.find((x) => x.localDate === f.localDate && Date.parse(x.slot.start) >= Date.parse(f.slot.start) + 20 * 60_000 && !used.has(`${x.slot.diaryId}${x.slot.start}`));
        if (!w) continue;
        used.add(`${w.slot.diaryId}${w.slot.start}`);
        pairs.push({ fa: f.slot as ReturnType<typeof slot>, wfi: w.slot as ReturnType<typeof slot> });
      }
      if (pairs.length < N_BOOK) throw new Error(`only ${pairs.length} free visits for ${N_BOOK} bookings`);
      let refusedBookings = 0;
      const book = timeEach(N_BOOK, (i) => {
        const r = t.calls.send(calls[i]!, { type: 'appointment.book', ...pairs[i]! }, 'fco-bench');
        if (!r.ok) refusedBookings++;
      }, 0);
      if (refusedBookings) throw new Error(`${refusedBookings} bookings refused: the bench is not measuring bookings`);

      // A double booking: refused inside the transaction, rolled back, the next free visit computed for the offer.
      const losers = Array.from({ length: 100 }, () => callAtAppointments(t, 'carer').callId);
      let accepted = 0;
      const refuse = timeEach(losers.length, (i) => {
        const r = t.calls.send(losers[i]!, { type: 'appointment.book', ...pairs[i]! }, 'fco-bench');
        if (r.ok) accepted++;
      }, 0);
      if (accepted) throw new Error('a double booking was accepted');

      // Completing a booked claim: the answer that completes it also drafts the hand-off and sends it (outbox row,
      // history) in the same transaction. Only that last answer is timed.
      const completing: number[] = [];
      for (const callId of calls.slice(0, N_BOOK)) {
        for (let guard = 0; guard < 20; guard++) {
          const s0 = t.calls.get(callId);
          if (!s0.ok || !s0.value.question) throw new Error(`call ${callId} cannot complete`);
          const q = s0.value.question;
          const t0 = performance.now();
          const r1 = t.calls.send(callId, { type: 'answer.submit', questionId: q.id, value: sampleAnswer(q.answer, q.id) }, 'fco-bench');
          const took = performance.now() - t0;
          if (!r1.ok) throw new Error(r1.error.message);
          if (r1.value.phase === 'complete') {
            completing.push(took);
            break;
          }
        }
      }
      const sentOnCompletion = t.db.prepare("SELECT count(*) FROM appt_handoff_outbox WHERE sent_by = 'fco-bench'").pluck().get() as number;
      if (sentOnCompletion !== N_BOOK) throw new Error(`${sentOnCompletion} hand-offs sent for ${N_BOOK} completed claims`);

      const s = summarise(search);
      const b = summarise(book);
      const r = summarise(refuse);
      const c = summarise(completing);
      log(`free slots p50 ${ms(s.median)} p95 ${ms(s.p95)} p99 ${ms(s.p99)}; booking p50 ${ms(b.median)} p95 ${ms(b.p95)} p99 ${ms(b.p99)}`);
      return [
        TABLE_HEAD,
        row('Free slots across a Jobcentre\'s four-week diary (FA + interview, suggestion)', s, 'p95 ≤ 10 ms'),
        row('Book FA + interview on the call (machine + event + snapshot + seats, one transaction)', b, 'p95 ≤ 5 ms'),
        row('Double booking refused and rolled back, next free visit offered', r),
        row('Complete a booked claim: last answer + hand-off drafted and sent, one transaction', c),
        '',
        `- Diary: 14 advisers at one office, ${all.length} slots in 4 weeks, ${filled} pre-booked (~50%); each search returns ${searchSize} free slots before the limit.`,
        `- ${N_BOOK} bookings, each on its own call at the appointment step; ${offers.length} suggestions were computed outside the timings.`,
        `- ${completing.length} claims completed; each completing answer wrote its hand-off's outbox row in its own transaction (${sentOnCompletion} rows).`,
        '- Real SQLite file, WAL, synchronous=NORMAL; one process.',
      ].join('\n');
    } finally {
      t.close();
    }
  },
};
export default bench;
