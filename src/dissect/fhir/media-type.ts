/** FHIR's media types: R4's `application/fhir+json|xml` and DSTU2's `application/json+fhir|xml+fhir`. */
const fhirMediaType = /application\/(?:fhir\+(?:json|xml)|(?:json|xml)\+fhir)/i;

/** Whether a Content-Type or Accept value names a FHIR format. */
export function namesFhirMediaType(value: string | undefined): boolean {
  return value !== undefined && fhirMediaType.test(value);
}
