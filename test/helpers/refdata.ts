import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/refdata beside the repository (CI puts it there). Never copied into the repo. */
export const REFDATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'refdata');
export const hasRefdata = existsSync(join(REFDATA_DIR, 'README.md'));
export const refdataSkipReason = hasRefdata ? '' : ` [not run: ${REFDATA_DIR} not found — CI provides ../shared/refdata]`;

export const refdataFiles = {
  offices: join(REFDATA_DIR, 'jobcentres', 'jobcentre_plus_offices_gb_2017.csv'),
  register: join(REFDATA_DIR, 'jobcentres', 'jobcentre_register_2021.csv'),
  postcodes: join(REFDATA_DIR, 'postcodes', 'uk_postcodes_latlong_nspl_may2025.csv.gz'),
  outcodes: join(REFDATA_DIR, 'postcodes', 'uk_outcode_centroids_nspl_may2025.csv'),
  socIndex: join(REFDATA_DIR, 'soc', 'soc2020_coding_index_v12.csv'),
  socStructure: join(REFDATA_DIR, 'soc', 'soc2020_structure_descriptions.csv'),
  vacancies: join(REFDATA_DIR, 'vacancies', 'civil_service_jobs_sample.csv'),
};
