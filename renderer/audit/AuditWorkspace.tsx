import type { IntakeBridge, SessionUser } from '../../machines/contract/api';

/** The team-leader audit (placeholder until that area lands). */
export function AuditWorkspace(_props: { bridge: IntakeBridge; user: SessionUser }) {
  return (
    <section aria-labelledby="ws-title">
      <h1 id="ws-title">The team-leader audit is not available yet</h1>
    </section>
  );
}
