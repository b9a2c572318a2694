/**
 * Attribution the Open Government Licence requires wherever the product shows data derived from these sources
 * (office details, postcode locations, distances). Wording as given by the data's provenance notes
 * (../shared/refdata/README.md); keep it verbatim.
 */

/** For the DWP Jobcentre office register and any other public-sector data shown. */
export const PUBLIC_SECTOR_ATTRIBUTION = 'Contains public sector information licensed under the Open Government Licence v3.0';

/** For postcode locations (ONS NSPL) and anything computed from them, such as distances to offices. */
export const POSTCODE_ATTRIBUTION: readonly string[] = [
  'Contains OS data © Crown copyright and database right 2025',
  'Contains Royal Mail data © Royal Mail copyright and database right 2025',
  'Source: Office for National Statistics licensed under the Open Government Licence v.3.0',
];

/** Every line, in display order: an office suggested from a postcode draws on both sources. */
export const DIRECTORY_ATTRIBUTION: readonly string[] = [PUBLIC_SECTOR_ATTRIBUTION, ...POSTCODE_ATTRIBUTION];

/** The demo directory is fictional and needs no attribution, but must say that it is not real. */
export const DEMO_NOTICE = 'Demo directory: fictional offices and postcodes (area QQ), not for real claims.';
