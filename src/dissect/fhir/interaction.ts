import { fhirResourceTypes } from './resource-types.js';

/**
 * The interactions of FHIR's RESTful API (http://hl7.org/fhir/R4/http.html), as a
 * CapabilityStatement names them; batches and transactions share one entry until the Bundle's
 * type tells them apart.
 */
export type FhirInteraction =
  | 'capabilities'
  | 'read'
  | 'vread'
  | 'update'
  | 'patch'
  | 'delete'
  | 'history-instance'
  | 'history-type'
  | 'history-system'
  | 'create'
  | 'search-type'
  | 'search-system'
  | 'batch'
  | 'transaction'
  | 'operation';

/** What a request line says in FHIR terms; nothing of the target's ids or query values is kept. */
export interface FhirRequestShape {
  interaction: FhirInteraction;
  resourceType: string | undefined;
  /** `$everything`, `$export`, … for operations. */
  operation: string | undefined;
  /** The search parameters named in the query, for the patient-identifying ones (see `phi.ts`). */
  queryParameters: string[];
}

/** FHIR ids (R4 §2.24.0.1): letters, digits, `-` and `.`, 1 to 64 of them. */
const idPattern = /^[A-Za-z0-9\-.]{1,64}$/;
const operationPattern = /^\$[A-Za-z][A-Za-z0-9-]{0,63}$/;

function isAnchor(segment: string): boolean {
  return (
    fhirResourceTypes.has(segment) ||
    segment === 'metadata' ||
    segment === '_history' ||
    segment === '_search'
  );
}

/**
 * Reads `method` and the request target as a FHIR interaction. The service base is whatever
 * precedes the first resource type, `metadata`, `_history`, `_search` or `$operation` in the
 * path (`/fhir/r4/Patient/7` → read of Patient); a bare base takes POST as a batch or
 * transaction and GET as a system search. Undefined when the path fits no interaction.
 */
export function fhirRequestShape(method: string, target: string): FhirRequestShape | undefined {
  const queryAt = target.search(/[?#]/);
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const segments = path.split('/').filter((segment) => segment !== '');
  const anchor = segments.findIndex((segment) => isAnchor(segment) || operationPattern.test(segment));
  const rest = anchor < 0 ? [] : segments.slice(anchor);
  const shape = interactionOf(method.toUpperCase(), rest);
  if (shape === undefined) return undefined;
  return { ...shape, queryParameters: queryParameterNames(queryAt < 0 ? '' : target.slice(queryAt + 1)) };
}

type Shape = Omit<FhirRequestShape, 'queryParameters'>;

function interactionOf(method: string, rest: readonly string[]): Shape | undefined {
  const [first, second, third, fourth] = rest;
  const shape = (interaction: FhirInteraction, resourceType?: string, operation?: string): Shape => ({
    interaction,
    resourceType,
    operation,
  });
  if (first === undefined) {
    if (method === 'POST') return shape('batch');
    return method === 'GET' ? shape('search-system') : undefined;
  }
  if (first === 'metadata') return rest.length === 1 && method === 'GET' ? shape('capabilities') : undefined;
  if (operationPattern.test(first))
    return rest.length === 1 ? shape('operation', undefined, first) : undefined;
  if (first === '_history') return rest.length === 1 ? shape('history-system') : undefined;
  if (first === '_search') return rest.length === 1 ? shape('search-system') : undefined;
  if (second === undefined) return typeLevel(method, first, shape);
  if (rest.length === 2) {
    if (second === '_search') return shape('search-type', first);
    if (second === '_history') return shape('history-type', first);
    if (operationPattern.test(second)) return shape('operation', first, second);
  }
  if (!idPattern.test(second)) return undefined;
  if (third === undefined) return instanceLevel(method, first, shape);
  if (third === '_history')
    return rest.length === 3
      ? shape('history-instance', first)
      : rest.length === 4 && idPattern.test(fourth!)
        ? shape('vread', first)
        : undefined;
  if (rest.length !== 3) return undefined;
  if (operationPattern.test(third)) return shape('operation', first, third);
  // A compartment search: Patient/7/Observation lists that patient's observations.
  return fhirResourceTypes.has(third) ? shape('search-type', third) : undefined;
}

function typeLevel(method: string, type: string, shape: (i: FhirInteraction, t?: string) => Shape) {
  // PUT, PATCH and DELETE on a type are the conditional forms, selected by the query.
  const interaction = (
    { GET: 'search-type', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as const
  )[method as 'GET'];
  return interaction === undefined ? undefined : shape(interaction, type);
}

function instanceLevel(method: string, type: string, shape: (i: FhirInteraction, t?: string) => Shape) {
  const interaction = ({ GET: 'read', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as const)[
    method as 'GET'
  ];
  return interaction === undefined ? undefined : shape(interaction, type);
}

/** The parameter names of a query string (their values are never read), at most 32 of them. */
function queryParameterNames(query: string): string[] {
  if (query === '') return [];
  const names = new Set<string>();
  for (const pair of query.split('&').slice(0, 32)) {
    const name = pair.split('=', 1)[0]!;
    // Modifiers and chains (`name:exact`, `subject.name`) name the same parameter.
    const base = name.split(/[:.]/, 1)[0]!;
    if (/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(base)) names.add(base);
  }
  return [...names];
}
