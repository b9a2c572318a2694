import type { AnswerSpec, ScriptPackage } from '../scripts-content/schema';
import { persistedOf, type PersistedCall } from './callEngine';
import type { CallSnapshot } from './callMachine';
import type { ClaimRecord } from './contract/claimRecord';
import { computeView, jobSearchOnCall, livePathOrder, lookupQuestion } from './flow';
import { PHASES, PHASE_TITLES, type Phase } from './phases';
import { toClaimRecord } from './projection';

export interface DeskQuestion {
  id: string;
  say: string;
  help: string | null;
  answer: AnswerSpec;
  sensitive: boolean;
  /** The accepted answer, when the FCO went back to this question. */
  currentValue: unknown;
  sectionTitle: string;
}

export interface DeskState {
  record: ClaimRecord;
  phase: Phase | 'complete' | 'ended';
  question: DeskQuestion | null;
  phases: { id: Phase; title: string; status: 'done' | 'current' | 'todo' | 'skipped' }[];
  canGoBack: boolean;
  reviewing: boolean;
  /** Questions whose answers no longer apply after a change (kept, not used), for the "needs attention" list. */
  staleAnswers: string[];
  /** The question each stale answer belonged to, in the FCO's words (so the list reads as the script did). */
  staleAnswerText: Record<string, string>;
  benefitMarkers: string[];
  officeOverrideReasons: { code: string; label: string }[];
  benefitOverrideReasons: { code: string; label: string }[];
  policy: { appointment: string; deferralAllowed: boolean; jobSearch: string; benefitName: string } | null;
  contactCentre: { code: string; name: string };
  /**
   * The call's snapshot as the store keeps it. The desk restores it into the same pure engine to show the next
   * step the moment a key is pressed, before the server's answer arrives (renderer/desk/predict.ts).
   */
  snapshot: PersistedCall;
}

type PackageChoices = Pick<DeskState, 'benefitMarkers' | 'officeOverrideReasons' | 'benefitOverrideReasons'>;
const choicesKept = new WeakMap<ScriptPackage, Map<string, PackageChoices>>();

/** What a package offers every call alike (marker values, override reasons), worded once per package and locale. */
function packageChoices(pkg: ScriptPackage, locale: string, t: (x: { en: string } & Record<string, string>) => string): PackageChoices {
  let byLocale = choicesKept.get(pkg);
  if (!byLocale) choicesKept.set(pkg, (byLocale = new Map()));
  let hit = byLocale.get(locale);
  if (!hit)
    byLocale.set(locale, (hit = {
      benefitMarkers: [...new Set(pkg.benefits.map((b) => b.marker))],
      officeOverrideReasons: pkg.officeOverrideReasons.map((r) => ({ code: r.code, label: t(r.label) })),
      benefitOverrideReasons: pkg.benefitOverrideReasons.map((r) => ({ code: r.code, label: t(r.label) })),
    }));
  return hit;
}

/** Everything the desk renders for one snapshot, in the FCO's locale (English fallback). */
export function toDeskState(pkg: ScriptPackage, hash: string, snapshot: CallSnapshot, locale = 'en', precomputed?: ClaimRecord): DeskState {
  const ctx = snapshot.context;
  const view = computeView(pkg, ctx);
  const record = precomputed ?? toClaimRecord(pkg, hash, snapshot);
  const t = (x: { en: string } & Record<string, string>) => x[locale] ?? x.en;
  const phase: DeskState['phase'] = record.status === 'in_progress' ? view.phase : record.status;
  const found = record.status === 'in_progress' && view.question ? lookupQuestion(pkg, view.question) : undefined;
  const currentIdx = phase === 'complete' || phase === 'ended' ? PHASES.length : PHASES.indexOf(phase);
  const order = livePathOrder(view);
  return {
    record,
    phase,
    question: found
      ? {
          id: found.question.id,
          say: t(found.question.say),
          help: found.question.help ? t(found.question.help) : null,
          answer: found.question.answer,
          sensitive: found.question.sensitive,
          currentValue: ctx.answers[found.question.id] ?? null,
          sectionTitle: t(found.section.title),
        }
      : null,
    phases: PHASES.map((p, i) => {
      const notApplicable =
        (p === 'jobSearch' && (view.benefit?.jobSearch === 'none' || !jobSearchOnCall(ctx))) ||
        false;
      const status = notApplicable ? 'skipped' : i < currentIdx ? 'done' : i === currentIdx ? 'current' : 'todo';
      return { id: p, title: PHASE_TITLES[p], status };
    }),
    canGoBack: record.status === 'in_progress' && (view.question ? order.indexOf(view.question) > 0 : order.length > 0),
    reviewing: ctx.cursor !== null,
    staleAnswers: record.staleAnswers,
    staleAnswerText: Object.fromEntries(
      record.staleAnswers.map((id) => {
        const q = lookupQuestion(pkg, id)?.question;
        return [id, q ? t(q.say) : id];
      }),
    ),
    ...packageChoices(pkg, locale, t),
    policy: view.benefit
      ? { appointment: view.benefit.appointment, deferralAllowed: view.benefit.deferralAllowed, jobSearch: view.benefit.jobSearch, benefitName: t(view.benefit.name) }
      : null,
    contactCentre: pkg.contactCentre,
    snapshot: persistedOf(snapshot),
  };
}
