import { type RawBuilder, sql } from 'kysely';

/**
 * `text LIKE %search%` with the wildcards typed into a search box matched as themselves, on both
 * backends (backslash is the escape character in each).
 */
export function containsText(text: RawBuilder<unknown>, search: string): RawBuilder<boolean> {
  const pattern = `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return sql<boolean>`${text} like ${pattern} escape '\\'`;
}
