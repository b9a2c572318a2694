import type { Migration } from '../migration';

export const m0005Vacancies: Migration = {
  version: 5,
  name: 'vacancies',
  up() {
    // Reserved for the vacancies area; filled in by that area's change.
  },
};
