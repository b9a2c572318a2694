import { z } from 'zod';
import { CallCommand } from '../callTypes';
import type { DeskState } from '../../deskState';
import type { ScriptPackage } from '../../../scripts-content/schema';
import type { Office } from '../../rules/allocation';
import { channel, type Role } from './define';
import { CallId } from './callId';

export interface SessionUser {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Jobcentre code for financial assessors (their queue), null otherwise. */
  officeCode: string | null;
}

export interface CallSummary {
  callId: string;
  fcoId: string;
  status: string;
  phase: string;
  startedAt: string;
  updatedAt: string;
  customerName: string | null;
}

const ALL: Role[] = ['fco', 'fa', 'teamLeader'];

/** Sign-in, calls, directory. Other areas add their channels in sibling files. */
export const coreApi = {
  'session.signIn': channel<{ token: string; user: SessionUser }>()(
    z.strictObject({ username: z.string().trim().min(1).max(80), password: z.string().min(1).max(200) }),
    'public',
  ),
  'session.current': channel<SessionUser>()(z.strictObject({}), ALL),
  'session.signOut': channel<{ signedOut: true }>()(z.strictObject({}), ALL),
  'call.start': channel<DeskState>()(z.strictObject({}), ['fco']),
  'call.get': channel<DeskState>()(z.strictObject({ callId: CallId }), ALL),
  'call.send': channel<DeskState>()(z.strictObject({ callId: CallId, command: CallCommand }), ['fco', 'teamLeader']),
  /** The script package a call runs on, by content hash, so the desk can run the same engine to predict steps. */
  'script.get': channel<ScriptPackage>()(z.strictObject({ hash: z.string().regex(/^[0-9a-f]{16,128}$/, 'a script package hash') }), ALL),
  'call.list': channel<CallSummary[]>()(
    z.strictObject({ mine: z.boolean().default(true), status: z.enum(['in_progress', 'complete', 'ended']).optional() }),
    ALL,
  ),
  'directory.searchOffices': channel<Office[]>()(z.strictObject({ text: z.string().trim().min(2).max(80) }), ALL),
  'settings.get': channel<{ jobSearchOnCall: boolean }>()(z.strictObject({}), ALL),
  'settings.set': channel<{ jobSearchOnCall: boolean }>()(z.strictObject({ jobSearchOnCall: z.boolean() }), ['teamLeader']),
  'reference.notices': channel<{ notices: string[]; demoData: boolean }>()(z.strictObject({}), 'public'),
};
