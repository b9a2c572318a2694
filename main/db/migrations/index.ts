import type { Migration } from '../migration';
import { m0001Core } from './0001-core';
import { m0002ReferenceData } from './0002-reference-data';
import { m0003Auth } from './0003-auth';
import { m0004Evidence } from './0004-evidence';
import { m0005Vacancies } from './0005-vacancies';
import { m0006Appointments } from './0006-appointments';
import { m0007Audit } from './0007-audit';
import { m0008AppointmentFollowUps } from './0008-appointment-follow-ups';
import { m0009ClaimRecordProjectedOnRead } from './0009-claim-record-projected-on-read';
import { m0010RecontactAttempts } from './0010-recontact-attempts';
import { m0011LeanCallWrites } from './0011-lean-call-writes';

/** Pre-numbered so each area owns its own file; an empty step is a valid migration. */
export const allMigrations: readonly Migration[] = [
  m0001Core,
  m0002ReferenceData,
  m0003Auth,
  m0004Evidence,
  m0005Vacancies,
  m0006Appointments,
  m0007Audit,
  m0008AppointmentFollowUps,
  m0009ClaimRecordProjectedOnRead,
  m0010RecontactAttempts,
  m0011LeanCallWrites,
];
