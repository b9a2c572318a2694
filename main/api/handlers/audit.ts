import type { App } from '../../app';
import { auditServiceFor } from '../../audit';
import type { Handlers } from '../router';

/**
 * Handlers for the channels in machines/contract/api/audit.ts. The router has already checked the session and the
 * role (team leaders only) and parsed the request with its zod schema before any of these run.
 */
export function auditHandlers(app: App): Handlers {
  const audit = () => auditServiceFor(app);
  return {
    'audit.jpReport': (req) => ({ ok: true, value: audit().jpReport(req) }),
    'audit.analytics': (req) => ({ ok: true, value: audit().analytics(req) }),
    'audit.changes': (req) => ({ ok: true, value: audit().changes(req) }),
    'audit.claim': (req) => audit().claim(req.source, req.ref),
    'audit.sample': (req) => ({ ok: true, value: audit().sample(req.week) }),
    'audit.check.record': (req, ctx) => {
      const r = audit().recordCheck(req, ctx.user!.userId);
      if (r.ok) app.notify('audit', `${req.source}:${req.ref}`);
      return r;
    },
    'audit.settings.get': () => ({ ok: true, value: audit().settings() }),
    'audit.settings.set': (req, ctx) => audit().updateSettings(req, ctx.user!.userId),
    'audit.imports': () => ({ ok: true, value: audit().imports() }),
    'audit.export': (req) => ({ ok: true, value: audit().exportCsv(req) }),
  };
}
