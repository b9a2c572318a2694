import type { z } from 'zod';
import { appointmentsApi } from './appointments';
import { auditApi } from './audit';
import { coreApi } from './core';
import { evidenceApi } from './evidence';
import { jobsApi } from './jobs';
import type { CallError } from '../errors';

export * from './define';
export type { SessionUser, CallSummary } from './core';

/** Every channel the UI can call, in Electron (window.intake) and over the browser host alike. */
export const api = { ...coreApi, ...jobsApi, ...evidenceApi, ...appointmentsApi, ...auditApi };
export type Api = typeof api;
export type Channel = keyof Api;
export type RequestOf<C extends Channel> = z.input<Api[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Api[C]['request']>;
export type ResponseOf<C extends Channel> = Api[C]['response'];

/** What every bridge call resolves to: never a thrown error across the boundary. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: CallError };

/** The bridge as the renderer sees it (window.intake in Electron; an HTTP client in the browser). */
export interface IntakeBridge {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>>;
  /** Server-pushed notifications (e.g. a call changed in another window). Returns an unsubscribe function. */
  subscribe(listener: (n: { topic: string; id: string }) => void): () => void;
}

export const MAX_PAYLOAD_BYTES = 64 * 1024;
