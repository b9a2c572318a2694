import type { Migration } from '../migration';

export const m0006Appointments: Migration = {
  version: 6,
  name: 'appointments',
  up() {
    // Reserved for the appointments area; filled in by that area's change.
  },
};
