import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFeedBytes } from '../src/intel/read-feed.js';
import { referenceData } from './support/reference-data.js';

/** Real documents of every JSON kind (the KEV catalogue cut to 20 entries to keep runs quick). */
const kev = JSON.parse(readFileSync(referenceData('kev', 'known_exploited_vulnerabilities.json'), 'utf8'));
kev.vulnerabilities = kev.vulnerabilities.slice(0, 20);
kev.count = 20;
const seeds: Record<string, unknown>[] = [
  kev,
  JSON.parse(readFileSync(referenceData('csaf-icsma', 'icsma-23-194-01.json'), 'utf8')),
  JSON.parse(readFileSync('test/fixtures/feeds/nvd-cves-2.0.json', 'utf8')),
  JSON.parse(readFileSync('test/fixtures/feeds/cve5/CVE-2023-30559.json', 'utf8')),
  JSON.parse(readFileSync(referenceData('cyclonedx', 'valid-bom-1.6.json'), 'utf8')),
  JSON.parse(readFileSync(referenceData('spdx', '04-SBOMwSecurity.json'), 'utf8')),
];
const csvSeeds = [
  readFileSync('test/fixtures/feeds/epss_scores-2025-08-25.csv', 'utf8'),
  readFileSync('test/fixtures/feeds/recalls.csv', 'utf8'),
];

/** Every path to a value inside a JSON document. */
function pathsOf(
  value: unknown,
  path: (string | number)[] = [],
  into: (string | number)[][] = [],
): (string | number)[][] {
  into.push(path);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) pathsOf(item, [...path, index], into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...path, key], into);
  }
  return into;
}

function replaceAt(document: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path[path.length - 1] as string | number] = replacement;
  return copy;
}

/** A feed file read: every problem names the file; content and problems are what a report prints. */
async function expectReadCleanly(bytes: Buffer, name: string) {
  const file = await readFeedBytes(bytes, `/feeds/${name}`);
  for (const problem of file.problems) {
    expect(problem.name).toBe(name);
    expect(typeof problem.message).toBe('string');
  }
  if (file.content === null && file.skippedBecause === null) expect(file.problems.length).toBeGreaterThan(0);
}

describe('feed reading on damaged documents', () => {
  it('never throws when any value of a real document is replaced by any JSON value', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...seeds.keys()),
        fc.nat(),
        // An object with a `toString` key breaks String(value): documents are JSON, and JSON may hold one.
        fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant({ toString: {}, valueOf: {} })),
        async (seed, pick, replacement) => {
          const document = seeds[seed] as Record<string, unknown>;
          const paths = pathsOf(document);
          const mutated = replaceAt(document, paths[pick % paths.length] as (string | number)[], replacement);
          await expectReadCleanly(Buffer.from(JSON.stringify(mutated)), `mutated-${seed}.json`);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throws on truncated or byte-flipped documents and CSV files', async () => {
    const texts = [...seeds.map((seed) => JSON.stringify(seed)), ...csvSeeds];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...texts.keys()),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        async (seed, cut, flips) => {
          const bytes = Buffer.from(texts[seed] as string);
          const damaged = Buffer.from(bytes.subarray(0, 1 + (cut % bytes.length)));
          for (const [offset, value] of flips) damaged[offset % damaged.length] = value;
          await expectReadCleanly(damaged, `damaged-${seed}.${seed >= seeds.length ? 'csv' : 'json'}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON or text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc.string({ maxLength: 400 }),
        ),
        async (text) => {
          await expectReadCleanly(Buffer.from(text), 'random.json');
        },
      ),
      { numRuns: 500 },
    );
  });
});
