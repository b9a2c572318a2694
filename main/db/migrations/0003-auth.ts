import type { Migration } from '../migration';

export const m0003Auth: Migration = {
  version: 3,
  name: 'auth',
  up() {
    // Reserved for the auth area; filled in by that area's change.
  },
};
