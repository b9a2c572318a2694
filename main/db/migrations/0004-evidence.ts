import type { Migration } from '../migration';

export const m0004Evidence: Migration = {
  version: 4,
  name: 'evidence',
  up() {
    // Reserved for the evidence area; filled in by that area's change.
  },
};
