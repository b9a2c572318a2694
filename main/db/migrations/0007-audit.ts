import type { Migration } from '../migration';

export const m0007Audit: Migration = {
  version: 7,
  name: 'audit',
  up() {
    // Reserved for the audit area; filled in by that area's change.
  },
};
