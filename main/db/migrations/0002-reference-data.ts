import type { Migration } from '../migration';

export const m0002ReferenceData: Migration = {
  version: 2,
  name: 'reference data',
  up() {
    // Reserved for the reference data area; filled in by that area's change.
  },
};
