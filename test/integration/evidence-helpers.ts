import type { ClaimRecord } from '../../machines/contract/claimRecord';
import type { CallCommand, Slot } from '../../machines/contract/callTypes';
import type { DeskState } from '../../machines/deskState';
import { sampleAnswer } from '../helpers/answers';

type R<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export interface ClaimPlan {
  /** Answers by question id; any question not listed gets a valid sample answer. */
  answers: Record<string, unknown>;
  /** Office to confirm; defaults to the directory's suggestion. */
  officeCode?: string;
  /** For book-on-call benefits. Office codes default to the confirmed office. */
  fa?: Omit<Slot, 'officeCode' | 'kind'> & { kind?: Slot['kind'] };
  wfi?: Omit<Slot, 'officeCode' | 'kind'> & { kind?: Slot['kind'] };
  /** Stop before completing (leave the call in progress at this phase). */
  stopAt?: DeskState['phase'];
}

/**
 * Drives a claim call to completion through any `send` (the call service or the router), answering whatever the
 * desk asks, so the evidence tests do not break when the script gains a question. Structural steps follow policy:
 * derived marker, suggested office, full read-out, job search when required, booking / window / no WFI.
 */
export async function driveClaim(start: () => Promise<R<DeskState>> | R<DeskState>, send: (callId: string, cmd: CallCommand) => Promise<R<DeskState>> | R<DeskState>, plan: ClaimPlan): Promise<ClaimRecord> {
  const must = (r: R<DeskState>, what: string): DeskState => {
    if (!r.ok) throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  let s = must(await start(), 'start');
  const callId = s.record.callId;
  for (let guard = 0; guard < 120; guard++) {
    if (s.phase === 'complete' || s.phase === 'ended' || s.phase === plan.stopAt) return s.record;
    const step = async (cmd: CallCommand) => (s = must(await send(callId, cmd), `${s.phase}/${cmd.type}`));
    if (s.question) {
      const q = s.question;
      await step({ type: 'answer.submit', questionId: q.id, value: q.id in plan.answers ? plan.answers[q.id] : sampleAnswer(q.answer, q.id) });
      continue;
    }
    const rec = s.record;
    switch (s.phase) {
      case 'markers':
        if (!rec.markers.benefit.valid) await step({ type: 'marker.benefit.confirm', marker: rec.markers.benefit.derived! });
        else await step({ type: 'office.confirm', officeCode: plan.officeCode ?? rec.markers.jobcentre.suggested!.code });
        break;
      case 'evidence':
        await step({ type: 'evidence.readOut', checklistKey: rec.evidence.checklistKey, itemsRead: rec.evidence.items.map((i) => i.id) });
        break;
      case 'jobSearch':
        if (rec.jobSearch.mode === 'required') {
          await step({ type: 'jobsearch.record', query: { text: 'warehouse' }, resultCount: 3, submissions: [] });
          await step({ type: 'jobsearch.finish' });
        } else await step({ type: 'jobsearch.skip', reason: 'Customer not ready to look for work yet' });
        break;
      case 'appointments': {
        const mode = s.policy?.appointment;
        const office = rec.markers.jobcentre.confirmed!.code;
        if (mode === 'bookOnCall') {
          if (!plan.fa || !plan.wfi) throw new Error('plan.fa and plan.wfi are needed for a book-on-call benefit');
          await step({ type: 'appointment.book', fa: { kind: 'inPerson', ...plan.fa, officeCode: office }, wfi: { kind: 'inPerson', ...plan.wfi, officeCode: office } });
        } else if (mode === 'dueWindow') await step({ type: 'appointment.window.accept' });
        else await step({ type: 'appointment.noWfi' });
        break;
      }
      default:
        throw new Error(`driveClaim: nothing to do in phase ${s.phase} (missing: ${rec.missing.join('; ')})`);
    }
  }
  throw new Error('driveClaim: did not finish in 120 steps');
}

/** Plans for the v1 script, by benefit (the answers that route there). */
export const plans = {
  ibEmployed: (postcode = 'QA1 2BB', name = 'Alex Example'): ClaimPlan => ({
    answers: { fullName: name, postcode, claimReason: 'illness', illnessPreventsWork: true, partnerDeclared: false, ibEmployed: true, ibEmployerName: 'Acme Foods Ltd', ibHealthCondition: 'Back injury', ibComplexity: ['none'] },
  }),
  jsa: (postcode: string, faStart: string, wfiStart: string, name = 'Sam Seeker'): ClaimPlan => ({
    answers: { fullName: name, postcode, claimReason: 'lookingForWork', partnerDeclared: false },
    fa: { start: faStart, minutes: 20 },
    wfi: { start: wfiStart, minutes: 40 },
  }),
  carer: (postcode: string, faStart: string, wfiStart: string, name = 'Chris Carer'): ClaimPlan => ({
    answers: { fullName: name, postcode, claimReason: 'caring', caringHours35: true, partnerDeclared: false },
    fa: { start: faStart, minutes: 20 },
    wfi: { start: wfiStart, minutes: 40 },
  }),
  housingOnly: (postcode: string, name = 'Hana Tenant'): ClaimPlan => ({
    answers: { fullName: name, postcode, claimReason: 'housingCostsOnly', housingOnlyConfirm: true, partnerDeclared: false, hbTenure: 'privateLandlord' },
  }),
};
