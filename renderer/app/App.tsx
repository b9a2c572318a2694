import type { IntakeBridge } from '../../machines/contract/api';

/** Placeholder shell; the desk replaces it. */
export function App(_props: { bridge: IntakeBridge & { setToken(t: string | null): void } }) {
  return <main><h1>Claim intake desk</h1></main>;
}
