import { useEffect, useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import type { Predictor } from './predict';

/** One load per script package per bridge (one per page): every call on the same script shares the engine. */
const cache = new WeakMap<IntakeBridge, Map<string, Promise<Predictor | null>>>();

function load(bridge: IntakeBridge, hash: string): Promise<Predictor | null> {
  let loaded = cache.get(bridge);
  if (!loaded) cache.set(bridge, (loaded = new Map()));
  const forBridge = loaded;
  let p = forBridge.get(hash);
  if (!p) {
    // The engine and the package schema are their own chunk, loaded with the package when a call opens, so the
    // sign-in page does not wait for them.
    p = Promise.all([bridge.invoke('script.get', { hash }), import('./predict')])
      .then(([r, m]) => (r.ok ? m.predictorFromWire(r.value, hash) : null))
      // The chunk failed to load (say, the host restarted with a new build): no prediction, the desk still works.
      .catch(() => null);
    // A failed load is retried on the next call rather than remembered.
    void p.then((x) => x ?? forBridge.delete(hash));
    forBridge.set(hash, p);
  }
  return p;
}

/**
 * The predictor for the call's script package, once it has loaded. Until then (and if it cannot load) the desk
 * simply waits for the server on every step, as it would without one.
 */
export function usePredictor(bridge: IntakeBridge, hash: string | undefined): Predictor | null {
  const [predictor, setPredictor] = useState<Predictor | null>(null);
  useEffect(() => {
    if (!hash) return;
    let live = true;
    void load(bridge, hash).then((p) => live && setPredictor(p));
    return () => {
      live = false;
    };
  }, [bridge, hash]);
  return predictor && predictor.hash === hash ? predictor : null;
}
