import type { FhirBodyFacts } from './body.js';
import { patientDataResourceTypes } from './resource-types.js';

/**
 * Search parameters whose values identify a person (R4 Patient, Person, RelatedPerson and
 * Practitioner parameters: names, birth date, identifiers such as the MRN, contact details): a
 * query naming them carries those values in the request line, in clear.
 */
const identifyingSearchParameters: ReadonlySet<string> = new Set([
  'name',
  'family',
  'given',
  'phonetic',
  'birthdate',
  'death-date',
  'identifier',
  'telecom',
  'phone',
  'email',
  'address',
  'address-city',
  'address-postalcode',
  'address-state',
  'address-country',
]);

/**
 * The names under which a message's patient data is reported: the patient-compartment resource
 * types it carried (`Observation`, `Patient`) and identifying search parameters it named
 * (`search:birthdate`). Never a value.
 */
export function phiNamesOf(
  body: FhirBodyFacts | undefined,
  queryParameters: readonly string[] = [],
): string[] {
  const names: string[] = [];
  for (const type of body?.resourceTypes.keys() ?? [])
    if (patientDataResourceTypes.has(type)) names.push(type);
  for (const parameter of queryParameters)
    if (identifyingSearchParameters.has(parameter)) names.push(`search:${parameter}`);
  return names;
}
