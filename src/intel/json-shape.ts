/**
 * Feeds are read as found: a field of the wrong shape reads as empty, never as a crash. These
 * take the parts of a JSON value that have the shape a parser expects.
 */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects of a JSON array; none for anything that is not an array. */
export function objectsIn(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** The strings of a JSON array; none for anything that is not an array. */
export function stringsIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * A JSON value as text: a string as it is, a number or boolean written out, anything else the
 * fallback. (`String(value)` on a parsed object can throw: a document may give it a `toString` key.)
 */
export function textOf(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}
