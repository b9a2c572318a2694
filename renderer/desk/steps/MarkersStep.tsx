import type { StepProps } from '../types';
import { BenefitMarkerForm } from './BenefitMarkerForm';
import { OfficeMarkerForm } from './OfficeMarkerForm';

/**
 * Both JP markers, each confirmed explicitly. There is no Continue here: the call moves on only when the server
 * holds both confirmations, so there is no way past this step with either one missing.
 */
export function MarkersStep({ state, send, bridge }: StepProps) {
  const { benefit, jobcentre } = state.record.markers;
  return (
    <section className="step markers-step" aria-labelledby="markers-title">
      <h2 id="markers-title" className="say">
        Confirm the two JP markers
      </h2>
      <p className="help">Both are set from what the customer told you. Nothing moves on until both are confirmed.</p>
      {benefit.valid ? (
        <p className="confirmed" role="status">
          ✓ Benefit marker confirmed: <strong>{benefit.confirmed}</strong>
          {benefit.override ? ` (override: ${benefit.override.reason})` : ''}
        </p>
      ) : (
        <BenefitMarkerForm state={state} send={send} />
      )}
      {jobcentre.valid && jobcentre.confirmed ? (
        <p className="confirmed" role="status">
          ✓ Jobcentre confirmed: <strong>{jobcentre.confirmed.name}</strong>
        </p>
      ) : (
        <OfficeMarkerForm state={state} send={send} bridge={bridge} />
      )}
    </section>
  );
}
