/**
 * Matching at health-system scale: 100,000 devices against a feed of 250,000 CVE records.
 *
 *   npm run bench:vulns                    # 100,000 devices, 250,000 CVE records
 *   npm run bench:vulns -- 20000 50000     # another size
 *
 * The feed is generated in NVD CVE API 2.0's shape from real records: vendor and product names
 * and version range notations of the 134 ICSMA advisories and the KEV catalogue in
 * data/reference/, CPE configurations shaped as NVD writes them (open and closed ranges, exact
 * versions, firmware-on-hardware AND configurations). Devices name those vendors as devices and
 * asset lists do (aliases, extra words in models), most with a model, some without.
 *
 * Writes both to bench/out, then measures in a fresh process (bench/match-vulnerabilities-run.ts)
 * reading the feed file: the time to parse it, build the index and match, the matches found and
 * the peak RSS; then the peer: the same decisions taken naively (every device against every
 * rule, no index, no cache) on a sample of devices, timed and extrapolated, checked to agree.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplicabilityRule } from '../src/intel/advisory.js';
import { parseCsaf } from '../src/intel/csaf/parse-csaf.js';
import type { DeviceIdentity } from '../src/intel/matching/device-matcher.js';
import { SeededRandom } from '../src/sim/random.js';

const deviceCount = Number(process.argv[2] ?? 100_000);
const recordCount = Number(process.argv[3] ?? 250_000);
const shared = join(process.cwd(), 'data', 'reference');
const random = new SeededRandom(7);
const outDirectory = join('bench', 'out');
mkdirSync(outDirectory, { recursive: true });
const feedPath = join(outDirectory, `nvd-bench-${recordCount}.json`);
const devicesPath = join(outDirectory, `devices-bench-${deviceCount}.json`);
/** An integer from low to high, both included. */
const int = (low: number, high: number) => low + random.below(high - low + 1);

// ── Real shapes ────────────────────────────────────────────────────────────────────────────
interface Product {
  vendor: string;
  product: string;
  /** Versions this product's firmware goes through, in its own notation. */
  versions: string[];
}
const products: Product[] = [];
const csafRules: ApplicabilityRule[] = [];
for (const name of readdirSync(join(shared, 'csaf-icsma')).sort()) {
  const advisory = parseCsaf(JSON.parse(readFileSync(join(shared, 'csaf-icsma', name), 'utf8')));
  for (const record of advisory.records) csafRules.push(...record.rules);
}
const kev = JSON.parse(readFileSync(join(shared, 'kev', 'known_exploited_vulnerabilities.json'), 'utf8')) as {
  vulnerabilities: { vendorProject: string; product: string }[];
};
const versionSchemes = [
  () => `${int(1, 15)}.${int(0, 12)}.${int(0, 20)}`,
  () => `${int(1, 12)}.${int(0, 40)}`,
  () =>
    `${String.fromCharCode(65 + int(0, 13))}.${String(int(0, 9)).padStart(2, '0')}.${String(int(0, 30)).padStart(2, '0')}`,
  () => `V${int(1, 9)}.${int(0, 9)}.${int(0, 9)}_SP${int(1, 4)}`,
  () => `${int(1, 4)}.${int(0, 9)}.${int(0, 9)}.${int(100, 9999)}`,
  () => `${int(1, 9)}.${int(0, 20)}.${int(0, 9)}${String.fromCharCode(97 + int(0, 5))}`,
];
function productOf(vendor: string, product: string): Product {
  const scheme = versionSchemes[int(0, versionSchemes.length - 1)] as () => string;
  const versions = [...new Set(Array.from({ length: int(3, 12) }, scheme))];
  return { vendor, product, versions };
}
const seen = new Set<string>();
for (const rule of csafRules) {
  const key = `${rule.vendor}|${rule.product}`;
  if (rule.vendor === '' || seen.has(key)) continue;
  products.push(productOf(rule.vendor, rule.product));
  seen.add(key);
}
const medicalProducts = products.length;
for (const entry of kev.vulnerabilities) {
  const key = `${entry.vendorProject}|${entry.product}`;
  if (seen.has(key)) continue;
  products.push(productOf(entry.vendorProject, entry.product));
  seen.add(key);
}
const realProducts = products.length;
// The long tail of a full NVD feed: many vendors with a few products each.
for (let vendor = 0; products.length < 60_000; vendor += 1) {
  for (let index = int(1, 8); index > 0; index -= 1) {
    products.push(productOf(`Vendor ${vendor} Systems`, `Line ${index} Model ${int(100, 9999)}`));
  }
}
// ── The feed, in NVD 2.0's shape ───────────────────────────────────────────────────────────
const cpeField = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
function cpeMatch(product: Product, part: 'a' | 'o' | 'h') {
  const versions = [...product.versions].sort();
  const pick = () => versions[int(0, versions.length - 1)] as string;
  const criteria = `cpe:2.3:${part}:${cpeField(product.vendor)}:${cpeField(product.product)}${part === 'o' ? '_firmware' : ''}:*:*:*:*:*:*:*:*`;
  const shape = int(0, 9);
  if (shape < 4) return { vulnerable: true, criteria, versionEndExcluding: pick() };
  if (shape < 6) return { vulnerable: true, criteria, versionEndIncluding: pick() };
  if (shape < 8)
    return { vulnerable: true, criteria, versionStartIncluding: versions[0], versionEndExcluding: pick() };
  if (shape < 9)
    return { vulnerable: true, criteria: criteria.replace(':*:*:*:*:*:*:*:*', `:${pick()}:*:*:*:*:*:*:*`) };
  return { vulnerable: true, criteria };
}
/**
 * A product: a medical one (ICSMA) with the first share, an IT one (KEV: operating systems,
 * servers, network gear) with the second, skewed so a few collect most (Windows-like), else one
 * of the long tail.
 */
function pickProduct(medicalShare: number, itShare: number, itSkew: number): Product {
  const draw = random.next();
  if (draw < medicalShare) return products[random.below(medicalProducts)] as Product;
  if (draw < medicalShare + itShare) {
    return products[
      medicalProducts + Math.floor((realProducts - medicalProducts) * random.next() ** itSkew)
    ] as Product;
  }
  return products[realProducts + random.below(products.length - realProducts)] as Product;
}
const vulnerabilities = [];
for (let index = 0; index < recordCount; index += 1) {
  const product = pickProduct(0.02, 0.38, 2);
  const isDevice = random.next() < 0.2;
  const configurations = isDevice
    ? [
        {
          operator: 'AND',
          nodes: [
            { operator: 'OR', negate: false, cpeMatch: [cpeMatch(product, 'o')] },
            {
              operator: 'OR',
              negate: false,
              cpeMatch: [
                {
                  vulnerable: false,
                  criteria: `cpe:2.3:h:${cpeField(product.vendor)}:${cpeField(product.product)}:-:*:*:*:*:*:*:*`,
                },
              ],
            },
          ],
        },
      ]
    : [
        {
          nodes: [
            {
              operator: 'OR',
              negate: false,
              cpeMatch: Array.from({ length: int(1, 3) }, () => cpeMatch(product, 'a')),
            },
          ],
        },
      ];
  vulnerabilities.push({
    cve: {
      id: `CVE-${2000 + (index % 26)}-${String(10_000 + index).padStart(5, '0')}`,
      published: '2024-01-01T00:00:00.000',
      lastModified: '2024-06-01T00:00:00.000',
      descriptions: [{ lang: 'en', value: `A vulnerability in ${product.vendor} ${product.product}.` }],
      metrics: {
        cvssMetricV31: [
          {
            source: 'nvd@nist.gov',
            type: 'Primary',
            cvssData: {
              version: '3.1',
              vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
              baseScore: 9.8,
            },
          },
        ],
      },
      weaknesses: [
        { source: 'nvd@nist.gov', type: 'Primary', description: [{ lang: 'en', value: 'CWE-787' }] },
      ],
      configurations,
    },
  });
}
writeFileSync(
  feedPath,
  JSON.stringify({
    format: 'NVD_CVE',
    version: '2.0',
    totalResults: recordCount,
    vulnerabilities,
  }),
);
vulnerabilities.length = 0;

// ── Devices ────────────────────────────────────────────────────────────────────────────────
const aliasOf: Record<string, string[]> = {
  'GE Healthcare': ['GE Medical Systems', 'GE MEDICAL SYSTEMS', 'General Electric'],
  'Becton, Dickinson and Company (BD)': ['BD', 'Becton Dickinson'],
  Philips: ['Philips Medical Systems', 'Philips Healthcare'],
};
const devices: DeviceIdentity[] = [];
// (written to a file below, read by the measured process)
for (let index = 0; index < deviceCount; index += 1) {
  const product = pickProduct(0.4, 0.3, 1.5);
  const vendorName = aliasOf[product.vendor]?.[int(0, 2)] ?? product.vendor;
  const hasModel = random.next() < 0.75;
  const firmware =
    random.next() < 0.9 ? (product.versions[int(0, product.versions.length - 1)] as string) : null;
  devices.push({
    deviceId: `dev-${index.toString(16).padStart(12, '0')}`,
    vendors: [{ name: vendorName, confidence: random.next() < 0.7 ? 1 : 0.75, basis: 'bench' }],
    model: hasModel ? (random.next() < 0.3 ? `${product.product} ${int(2, 9)}00` : product.product) : null,
    firmware,
  });
}

writeFileSync(devicesPath, JSON.stringify(devices));
console.log(
  `feed: ${recordCount.toLocaleString('en')} CVE records in NVD 2.0 JSON (${(statSync(feedPath).size / 1e6).toFixed(0)} MB), ` +
    `${products.length.toLocaleString('en')} products (${realProducts.toLocaleString('en')} named in ICSMA and KEV); ` +
    `devices: ${deviceCount.toLocaleString('en')}, ${devices.filter((device) => device.model !== null).length.toLocaleString('en')} with a model`,
);
console.log('\nmatching (bench/match-vulnerabilities-run.ts, fresh process):');
spawnSync(
  process.execPath,
  [
    '--expose-gc',
    '--max-old-space-size=4096',
    '--import',
    'tsx',
    join('bench', 'match-vulnerabilities-run.ts'),
    feedPath,
    devicesPath,
  ],
  { stdio: 'inherit' },
);
