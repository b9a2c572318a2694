import type { App } from '../../app';
import { evidenceFor } from '../../evidence';
import type { Handlers } from '../router';

/**
 * Handlers for the channels in machines/contract/api/evidence.ts. The router has already checked the session, the
 * role and the payload; the service checks the Jobcentre (an FA acts only on their own office's claims).
 */
export function evidenceHandlers(app: App): Handlers {
  // Attached when the router is built, so the FA queue fills from the first completed call in every host.
  const svc = evidenceFor(app);
  return {
    'evidence.queue': (req, ctx) => svc.queue(ctx.user!, req),
    'evidence.claim': (req, ctx) => svc.claim(ctx.user!, req.callId),
    'evidence.markItem': (req, ctx) => svc.markItem(ctx.user!, req),
    'evidence.recordCheck': (req, ctx) => svc.recordCheck(ctx.user!, req),
    'evidence.submitFeedback': (req, ctx) => svc.submitFeedback(ctx.user!, req),
    'evidence.figures': (req, ctx) => svc.figures(ctx.user!, req),
    'evidence.feedbackForFco': (req, ctx) => svc.feedbackForFco(ctx.user!, req),
    'evidence.letter': (req, ctx) => svc.letter(ctx.user!, req),
  };
}
