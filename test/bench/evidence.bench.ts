import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersistedCall } from '../../machines/callEngine';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import type { DeskState } from '../../machines/deskState';
import { lookupQuestion } from '../../machines/flow';
import { toClaimRecord } from '../../machines/projection';
import { addDays, daysBetween } from '../../machines/rules/ukFormats';
import { createRouter } from '../../main/api/router';
import { openApp } from '../../main/app';
import { evidenceFor } from '../../main/evidence';
import { queueEntryFor } from '../../main/evidence/faStore';
import { driveClaim, plans, type ClaimPlan } from '../integration/evidence-helpers';
import { ms, row, summarise, TABLE_HEAD, type BenchModule } from './stats';

/**
 * FA queue load with 10,000 completed claims in the store, through the router (session lookup, zod, role check,
 * SQL, mapping) exactly as the desk calls it.
 *
 * Seeding: four claims are taken for real through the call service (IB due window, JSA and carer booked, HB/CTB only);
 * then 10,000 rows are cloned from them by direct INSERTs into `calls` (the real snapshot, with the call id, customer,
 * FCO, claim date (every date answer moved with it), appointment time and Jobcentre varied; the claim record is
 * projected from it, as the store does: decision 0009) and into `fa_queue` through the same
 * `queueEntryFor` + upsert the append hook uses. 40% of the claims get evidence marks and a check outcome through the
 * service's store, so states and counts vary as in a working office.
 */
const PW = 'correct horse battery';
const N = 10_000;

async function timeEachAsync(n: number, fn: (i: number) => Promise<unknown>, warmup = 20): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn(i);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

async function seededStore(log: (l: string) => void, officesUsed: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'intake-bench-ev-'));
  const app = openApp({ dbFile: join(dir, 'bench.db'), clock: () => new Date('2026-11-23T09:00:00Z') });
  const router = createRouter(app);
  const svc = evidenceFor(app);
  const tokens: Record<string, string> = {};
  for (const [username, role, officeCode] of [
    ['fco', 'fco', null],
    ['tl', 'teamLeader', null],
    ...officesUsed.map((o) => [`fa-${o}`, 'fa', o] as const),
  ] as const) {
    await app.auth.addUser({ username, displayName: username, role, password: PW, officeCode });
    const r = (await router.dispatch('session.signIn', { username, password: PW }, null)) as { ok: true; value: { token: string } };
    tokens[username] = r.value.token;
  }
  const send = (callId: string, command: unknown) => router.dispatch('call.send', { callId, command }, tokens.fco!) as never;
  const start = () => router.dispatch('call.start', {}, tokens.fco!) as Promise<{ ok: true; value: DeskState }>;
  const templates: ClaimRecord[] = [];
  const plansUsed: ClaimPlan[] = [
    plans.ibEmployed('QQ1 2AB'),
    plans.jsa('QQ1 2AB', '2026-11-25T10:00:00Z', '2026-11-25T10:30:00Z'),
    plans.carer('QQ1 2AB', '2026-11-26T11:00:00Z', '2026-11-26T11:30:00Z'),
    plans.housingOnly('QQ1 2AB'),
  ];
  for (const p of plansUsed) templates.push(await driveClaim(start, send, p));
  const rows = app.db.prepare('SELECT * FROM calls WHERE call_id IN (' + templates.map(() => '?').join(',') + ')').all(...templates.map((t) => t.callId)) as Record<string, unknown>[];
  const byId = new Map(rows.map((r) => [r.call_id as string, r]));
  const directory = app.directory;

  const t0 = performance.now();
  const insertCall = app.db.prepare(
    `INSERT INTO calls (call_id, script_hash, fco_id, claim_date, started_at, status, phase, step, last_seq, snapshot, customer_name, updated_at)
     VALUES (@call_id, @script_hash, @fco_id, @claim_date, @started_at, @status, @phase, @step, @last_seq, @snapshot, @customer_name, @updated_at)`,
  );
  const fcoIds = Array.from({ length: 40 }, (_, i) => `fco-${i}`);
  app.db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const t = templates[i % templates.length]!;
      const base = byId.get(t.callId)!;
      const loaded = app.scripts.byHashOrThrow(String(base.script_hash));
      const callId = `bench-${String(i).padStart(5, '0')}`;
      const claimDate = addDays('2026-09-01', i % 120);
      const shift = daysBetween(t.claimDate, claimDate);
      const office = directory.officeByCode(officesUsed[i % officesUsed.length]!)!;
      const snap = JSON.parse(String(base.snapshot)) as PersistedCall;
      const ctx = snap.context;
      const answers: Record<string, unknown> = { ...ctx.answers, [loaded.pkg.bindings.customerName]: `Customer ${i}` };
      for (const [id, v] of Object.entries(answers))
        if (typeof v === 'string' && lookupQuestion(loaded.pkg, id)?.question.answer.type === 'date') answers[id] = addDays(v, shift);
      let appointment = ctx.appointment;
      if (appointment?.kind === 'booked') {
        const start = new Date(Date.parse(`${addDays(claimDate, 2 + (i % 5))}T09:00:00Z`) + (i % 16) * 20 * 60_000).toISOString();
        appointment = { ...appointment, forOffice: office.code, fa: { ...appointment.fa, start, officeCode: office.code }, wfi: { ...appointment.wfi, start: new Date(Date.parse(start) + 30 * 60_000).toISOString(), officeCode: office.code } };
      }
      const cloned: PersistedCall = {
        ...snap,
        context: { ...ctx, callId, fcoId: fcoIds[i % fcoIds.length]!, claimDate, answers: answers as typeof ctx.answers, officeMarker: ctx.officeMarker && { ...ctx.officeMarker, office }, appointment },
      };
      const rec: ClaimRecord = toClaimRecord(loaded.pkg, loaded.hash, cloned);
      if (rec.status !== 'complete' || rec.evidence.items.length !== t.evidence.items.length)
        throw new Error(`clone ${callId} of ${t.callId} does not project like its template: the bench would measure other claims`);
      insertCall.run({ ...base, call_id: callId, fco_id: rec.fcoId, claim_date: claimDate, snapshot: JSON.stringify(cloned), customer_name: rec.customer.name });
      svc.store.put(queueEntryFor(rec)!, '2026-11-23T09:00:00.000Z');
    }
  })();
  // 40% checked: marks for every item and an outcome (a third of them with a request).
  app.db.transaction(() => {
    for (let i = 0; i < N; i += 5) {
      for (const k of [0, 1]) {
        const j = i + k;
        const callId = `bench-${String(j).padStart(5, '0')}`;
        const t = templates[j % templates.length]!;
        const requested = j % 3 === 0;
        t.evidence.items.forEach((item, n) => svc.store.mark(callId, item.id, requested && n === 0 ? 'requested' : 'seen', true, '', '2026-11-23T10:00:00.000Z', 'fa'));
        svc.store.check(callId, officesUsed[j % officesUsed.length]!, { outcome: requested ? 'evidenceRequested' : 'ready', evidenceRequested: requested, extraRequested: '', note: '' }, '2026-11-23T10:05:00.000Z', 'fa');
      }
    }
  })();
  log(`seeded ${N} completed claims over ${officesUsed.length} Jobcentre(s) in ${(performance.now() - t0).toFixed(0)} ms`);
  return { app, router, tokens, close: () => (app.close(), rmSync(dir, { recursive: true, force: true })) };
}

const bench: BenchModule = {
  title: 'FA queue: loading a Jobcentre queue with 10,000 claims in the store',
  async run(log) {
    const lines: string[] = [TABLE_HEAD];
    const notes: string[] = [];

    // (a) 10,000 claims spread over the nine demo Jobcentres (~1,100 each).
    const spread = ['DEMO01', 'DEMO02', 'DEMO03', 'DEMO04', 'DEMO05', 'DEMO06', 'DEMO07', 'DEMO08', 'DEMO09'];
    {
      const s = await seededStore(log, spread);
      const q = (payload: unknown) => s.router.dispatch('evidence.queue', payload, s.tokens['fa-DEMO01']!) as Promise<{ ok: boolean; value: { rows: unknown[]; total: number } }>;
      const first = await q({});
      if (!first.ok) throw new Error('queue refused');
      const a = summarise(await timeEachAsync(300, () => q({})));
      lines.push(row(`Queue, first page of 100 (open), 10,000 in store over 9 offices (${first.value.total} at this office)`, a, 'p95 ≤ 100 ms'));
      const f = summarise(await timeEachAsync(50, () => s.router.dispatch('evidence.figures', {}, s.tokens.tl!), 5));
      lines.push(row('Figures over the whole store (team leader)', f));
      s.close();
    }

    // (b) Worst case: all 10,000 claims at one Jobcentre.
    {
      const s = await seededStore(log, ['DEMO01']);
      const token = s.tokens['fa-DEMO01']!;
      const q = (payload: unknown) => s.router.dispatch('evidence.queue', payload, token) as Promise<{ ok: boolean; value: { rows: { callId: string }[]; total: number; open: number; nextCursor: string | null } }>;
      const first = await q({});
      const a = summarise(await timeEachAsync(300, () => q({})));
      lines.push(row(`Queue, first page of 100 (open), all 10,000 at one office (${first.value.open} open)`, a, 'p95 ≤ 100 ms'));
      const b = summarise(await timeEachAsync(300, () => q({ scope: 'all', limit: 500 })));
      lines.push(row('Queue, page of 500 (all states), one office', b, 'p95 ≤ 100 ms'));
      // A deep page: the cursor is an index seek, not an OFFSET scan.
      let cursor: string | null = null;
      for (let i = 0; i < 18; i++) cursor = (await q({ scope: 'all', limit: 500, ...(cursor ? { after: cursor } : {}) })).value.nextCursor;
      const deep = summarise(await timeEachAsync(300, () => q({ scope: 'all', limit: 500, after: cursor })));
      lines.push(row('Queue, the 19th page of 500 (cursor), one office', deep, 'p95 ≤ 100 ms'));
      const whole = summarise(
        await timeEachAsync(
          20,
          async () => {
            let c: string | null = null;
            let n = 0;
            do {
              const r = await q({ scope: 'all', limit: 500, ...(c ? { after: c } : {}) });
              n += r.value.rows.length;
              c = r.value.nextCursor;
            } while (c);
            if (n !== N + 4) throw new Error(`walked ${n} rows`); // the 4 real template claims are in the queue too
          },
          2,
        ),
      );
      lines.push(row("Whole queue of 10,004, all 21 pages of 500, one office", whole));
      const claimId = first.value.rows[0]!.callId;
      const c = summarise(await timeEachAsync(300, () => s.router.dispatch('evidence.claim', { callId: claimId }, token)));
      lines.push(row('Open one claim (hand-off summary, items, checks, feedback)', c));
      const plan = s.app.db.prepare(`EXPLAIN QUERY PLAN SELECT call_id FROM fa_queue q WHERE q.office_code = 'DEMO01' AND q.open = 1 AND (q.sort_at, q.call_id) > ('', '') ORDER BY q.sort_at, q.call_id LIMIT 101`).all() as { detail: string }[];
      notes.push(`- Query plan for the open queue: ${plan.map((p) => p.detail).join('; ')}.`);
      notes.push(`- Medians: first page ${ms(a.median)}, whole office of 10,000 ${ms(whole.median)}.`);
      s.close();
    }
    return [
      ...lines,
      '',
      ...notes,
      '- Through `router.dispatch` (session lookup, zod, role and Jobcentre checks, SQL, mapping); no HTTP. The queue pages with a (sort_at, call_id) cursor on the index `fa_queue(office_code, open, sort_at, call_id)`.',
      '- Seeding: 4 real claims through the call service, cloned to 10,000 by direct INSERTs of their real snapshot (ids, names, FCO, claim date with every date answer, slot and office varied; each record projected from its snapshot as the store does) plus `fa_queue` rows via the append hook\'s own `queueEntryFor` + upsert; 40% checked with marks and an outcome.',
    ].join('\n');
  },
};
export default bench;
