import type { App } from '../app';
import { AuditService, type AuditServiceDeps } from './auditService';

/**
 * One audit service per database. `attachAudit` is called by the composition root right after the call service is
 * built, so the audit hook sees every accepted event from the first one; `auditServiceFor` finds it (and, for an app
 * built without that line, creates it late: `catchUp` then audits the claims completed before).
 */
const services = new WeakMap<object, AuditService>();

export function attachAudit(deps: AuditServiceDeps): AuditService {
  let s = services.get(deps.db);
  if (!s) services.set(deps.db, (s = new AuditService(deps)));
  return s;
}

export function auditServiceFor(app: App): AuditService {
  return attachAudit({ db: app.db, calls: app.calls, scripts: app.scripts, directory: app.directory, clock: app.clock });
}

export { AuditService } from './auditService';
