import type { App } from '../app';
import { EvidenceService, type EvidenceDeps } from './evidenceService';

export { EvidenceService, PATHFINDER_BASELINE, type LetterPdfRenderer } from './evidenceService';

const services = new WeakMap<object, EvidenceService>();

/**
 * Creates the evidence service for a call service and registers its append hook (once), so a claim lands in its
 * Jobcentre's FA queue in the same transaction as the event that completes it. Idempotent.
 */
export function attachEvidence(deps: EvidenceDeps): EvidenceService {
  let svc = services.get(deps.calls);
  if (!svc) {
    svc = new EvidenceService(deps);
    deps.calls.addAppendHook(svc.appendHook);
    services.set(deps.calls, svc);
  }
  return svc;
}

/** The evidence service of an app (attached by main/app.ts; attached here on first use otherwise). */
export function evidenceFor(app: App): EvidenceService {
  return attachEvidence({ db: app.db, scripts: app.scripts, directory: app.directory, clock: app.clock, calls: app.calls, notify: app.notify });
}
