/**
 * The measured half of `npm run bench:vulns`: reads an NVD 2.0 feed file and a device file
 * written by bench/match-vulnerabilities.ts, parses, indexes and matches, and prints the times
 * and this process's peak RSS; then the naive peer on a sample.
 */
import { readFileSync } from 'node:fs';
import { type DeviceIdentity, DeviceMatcher } from '../src/intel/matching/device-matcher.js';
import { VendorNames } from '../src/intel/matching/names.js';
import { matchProduct, productWords } from '../src/intel/matching/product-match.js';
import { RuleIndex } from '../src/intel/matching/rule-index.js';
import { parseNvd } from '../src/intel/nvd/parse-nvd.js';
import { rangeVerdict } from '../src/intel/version/version-range.js';

const [feedPath, devicesPath] = process.argv.slice(2) as [string, string];
const devices = JSON.parse(readFileSync(devicesPath, 'utf8')) as DeviceIdentity[];
const deviceCount = devices.length;

// ── Vigil ──────────────────────────────────────────────────────────────────────────────────
global.gc?.();
const started = performance.now();
const parsed = parseNvd(JSON.parse(readFileSync(feedPath, 'utf8')) as Record<string, unknown>, feedPath);
const parsedAt = performance.now();
const vendors = VendorNames.load();
const index = new RuleIndex(vendors);
for (const record of parsed.records)
  for (const rule of record.rules) index.add({ vulnerabilityId: record.id, origin: record.origin, rule });
const indexedAt = performance.now();
const matcher = new DeviceMatcher(index);
let matchCount = 0;
let certainCount = 0;
const affected = new Set<string>();
for (const device of devices) {
  for (const match of matcher.match(device)) {
    matchCount += 1;
    if (match.certainty === 'certain') certainCount += 1;
    affected.add(match.deviceId);
  }
}
const matchedAt = performance.now();
const peakRssMb = process.resourceUsage().maxRSS / 1024;

console.log(
  `${parsed.records.length.toLocaleString('en')} CVE records, ${index.ruleCount.toLocaleString('en')} rules; ${deviceCount.toLocaleString('en')} devices`,
);
console.log(`parse feed      ${((parsedAt - started) / 1000).toFixed(2)} s`);
console.log(`build index     ${((indexedAt - parsedAt) / 1000).toFixed(2)} s`);
console.log(
  `match devices   ${((matchedAt - indexedAt) / 1000).toFixed(2)} s: ${Math.round(deviceCount / ((matchedAt - indexedAt) / 1000)).toLocaleString('en')} devices/s, ` +
    `${matchCount.toLocaleString('en')} matches (${certainCount.toLocaleString('en')} certain) on ${affected.size.toLocaleString('en')} devices`,
);
console.log(
  `total           ${((matchedAt - started) / 1000).toFixed(2)} s, peak RSS ${peakRssMb.toFixed(0)} MB`,
);

// ── Peer: the same decisions, naively ─────────────────────────────────────────────────────
const allRules = parsed.records.flatMap((record) => record.rules.map((rule) => ({ id: record.id, rule })));
const sample = devices
  .filter((_, position) => position % Math.max(1, Math.floor(deviceCount / 200)) === 0)
  .slice(0, 200);
const naiveStarted = performance.now();
let disagreements = 0;
for (const device of sample) {
  const found = new Set<string>();
  for (const vendor of device.vendors) {
    if (device.model === null) continue;
    const vendorKey = vendors.keyOf(vendor.name);
    const modelWords = productWords(device.model, vendorKey);
    for (const { id, rule } of allRules) {
      const ruleVendorKey = vendors.keyOf(rule.vendor);
      if (ruleVendorKey !== vendorKey) continue;
      const product = matchProduct(modelWords, productWords(rule.product, ruleVendorKey));
      if (product === null || rangeVerdict(rule.range, device.firmware) === 'outside') continue;
      const confidence =
        vendor.confidence *
        product.confidence *
        (rangeVerdict(rule.range, device.firmware) === 'inside' ? 1 : 0.5);
      if (confidence >= 0.25) found.add(id);
    }
  }
  const indexed = new Set(matcher.match(device).map((match) => match.vulnerabilityId));
  if (found.size !== indexed.size || [...found].some((id) => !indexed.has(id))) disagreements += 1;
}
const naiveSeconds = (performance.now() - naiveStarted) / 1000;
console.log(
  `peer (every device against every rule, no index): ${sample.length} devices in ${naiveSeconds.toFixed(2)} s → ` +
    `${(((naiveSeconds / sample.length) * deviceCount) / 60).toFixed(0)} min for ${deviceCount.toLocaleString('en')}; ` +
    `disagreements with the index: ${disagreements}`,
);
