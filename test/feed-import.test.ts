import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceVulnerabilities } from '../src/intel/device-vulnerabilities.js';
import { type FeedFileReport, importFeeds } from '../src/intel/import-feeds.js';
import { matchInventory } from '../src/intel/match-inventory.js';
import { VendorNames } from '../src/intel/matching/names.js';
import { importAssets } from '../src/inventory/assets/import-assets.js';
import type { Store } from '../src/store/open-store.js';
import { referenceData, referenceJsonDocuments } from './support/reference-data.js';
import { storeBackends, temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';

const vendors = VendorNames.load();
const fixtures = 'test/fixtures/feeds';
const csafDocuments = referenceJsonDocuments('csaf-icsma');

/** The parts of a CSAF document the invalid-document test breaks. */
interface CsafShape {
  document: { tracking?: unknown };
  vulnerabilities: { product_status: { known_affected: string[] } }[];
}

function byName(reports: FeedFileReport[]): Map<string, FeedFileReport> {
  return new Map(reports.map((report) => [report.name, report]));
}

const backends = await storeBackends();

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`feed import on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ store, drop } = await backend.open());
    });
    afterAll(async () => {
      await drop();
    });

    it('imports the KEV catalogue: as many entries as its own count says', async () => {
      const catalogue = JSON.parse(
        readFileSync(referenceData('kev', 'known_exploited_vulnerabilities.json'), 'utf8'),
      );
      const reports = byName(await importFeeds(store, [referenceData('kev')], vendors));
      const kev = reports.get('known_exploited_vulnerabilities.json');
      expect(kev).toMatchObject({ kind: 'kev', outcome: 'imported', records: catalogue.count, problems: [] });
      expect(reports.get('known_exploited_vulnerabilities_schema.json')?.outcome).toBe('skipped');
      expect((await store.feeds.counts()).kev).toBe(catalogue.count);
      expect(catalogue.count).toBe(catalogue.vulnerabilities.length);
      const [document] = await store.feeds.documents();
      expect(document).toMatchObject({
        kind: 'kev',
        document_date: catalogue.dateReleased,
        records: catalogue.count,
      });
      expect(document?.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('imports all 134 ICSMA advisories: every vulnerability and every product status they list', async () => {
      let vulnerabilities = 0;
      let statusEntries = 0;
      for (const document of csafDocuments.values()) {
        for (const vulnerability of document.vulnerabilities as Record<string, Record<string, string[]>>[]) {
          vulnerabilities += 1;
          for (const ids of Object.values(vulnerability.product_status ?? {})) statusEntries += ids.length;
        }
      }
      const reports = await importFeeds(store, [referenceData('csaf-icsma')], vendors);
      expect(reports).toHaveLength(csafDocuments.size);
      expect(reports.filter((report) => report.outcome === 'imported')).toHaveLength(134);
      expect(reports.reduce((sum, report) => sum + report.records, 0)).toBe(vulnerabilities);
      const counts = await store.feeds.counts();
      expect(counts.vulnerabilitySources).toBe(vulnerabilities);
      expect(counts.rules).toBe(statusEntries);
      const again = await importFeeds(store, [referenceData('csaf-icsma')], vendors);
      expect(again.every((report) => report.outcome === 'unchanged')).toBe(true);
      expect(await store.feeds.counts()).toEqual(counts);
    });

    it('reports an invalid CSAF document by name and imports the rest', async () => {
      const folder = temporaryDirectory();
      const names = ['icsma-23-194-01.json', 'icsma-21-047-01.json', 'icsma-22-174-01.json'];
      for (const name of names) copyFileSync(referenceData('csaf-icsma', name), join(folder, name));
      // A product status that names a product the tree does not define (CSAF 2.0 §6.1.1).
      const broken = structuredClone(csafDocuments.get('icsma-20-317-01.json')) as unknown as CsafShape;
      broken.vulnerabilities[0]?.product_status.known_affected.push('CSAFPID-9999');
      writeFileSync(join(folder, 'broken-icsma.json'), JSON.stringify(broken));
      // And one that is not CSAF 2.0 at all by the schema: no tracking.
      const untracked = structuredClone(csafDocuments.get('icsma-18-025-01.json')) as unknown as CsafShape;
      delete untracked.document.tracking;
      writeFileSync(join(folder, 'untracked-icsma.json'), JSON.stringify(untracked));
      const reports = byName(await importFeeds(store, [folder], vendors));
      for (const name of names) expect(reports.get(name)?.outcome).not.toBe('rejected');
      for (const name of ['broken-icsma.json', 'untracked-icsma.json']) {
        const report = reports.get(name);
        expect(report?.outcome).toBe('rejected');
        expect(report?.problems[0]?.name).toBe(name);
      }
      expect(reports.get('broken-icsma.json')?.problems.map((problem) => problem.location)).toContain(
        '/vulnerabilities/0/product_status/known_affected/2',
      );
      expect(reports.get('untracked-icsma.json')?.problems[0]?.message).toMatch(/tracking/);
    });

    it('validates CycloneDX 1.4–1.6 against their schemas and reads SPDX 2.3', async () => {
      const reports = byName(
        await importFeeds(store, [referenceData('cyclonedx'), referenceData('spdx')], vendors, {
          vendor: 'BD',
          model: 'Alaris 8015',
        }),
      );
      for (const version of ['1.4', '1.5', '1.6']) {
        const report = reports.get(`valid-bom-${version}.json`);
        const bom = JSON.parse(readFileSync(referenceData('cyclonedx', `valid-bom-${version}.json`), 'utf8'));
        expect(report).toMatchObject({
          kind: 'cyclonedx',
          outcome: 'imported',
          records: bom.components.length,
        });
      }
      expect(reports.get('invalid-bomformat-1.6.json')).toMatchObject({ outcome: 'rejected' });
      expect(reports.get('invalid-bomformat-1.6.json')?.problems[0]?.location).toBe('/bomFormat');
      expect(reports.get('invalid-component-type-1.6.json')?.problems[0]?.location).toBe(
        '/components/0/type',
      );
      expect(reports.get('bom-1.6.schema.json')?.outcome).toBe('skipped');
      for (const name of [
        '03-SBOMwDependency.json',
        '04-SBOMwSecurity.json',
        'example11_spdx2.3_sbom.spdx.json',
      ]) {
        const document = JSON.parse(readFileSync(referenceData('spdx', name), 'utf8'));
        expect(reports.get(name)).toMatchObject({
          kind: 'spdx',
          outcome: 'imported',
          records: document.packages.length,
        });
      }
      const sboms = await store.sboms.list();
      const security = sboms.find((sbom) => sbom.name === '04-SBOMwSecurity.json');
      expect(security?.components.find((component) => component.name === 'xlsx')).toMatchObject({
        version: '0.16.6',
        purl: 'pkg:maven/org.webjars.npm/xlsx@0.16.6',
      });
    });

    it('imports NVD 2.0, CVE 5, EPSS and recall fixtures, reporting bad records by location', async () => {
      const reports = byName(await importFeeds(store, [fixtures], vendors));
      expect(reports.get('nvd-cves-2.0.json')).toMatchObject({
        kind: 'nvd',
        outcome: 'imported',
        records: 3,
      });
      expect(reports.get('nvd-cves-2.0.json')?.problems).toEqual([
        {
          name: 'nvd-cves-2.0.json',
          location: '/vulnerabilities/3',
          message: 'expected cve.id like CVE-2024-12345',
        },
      ]);
      expect(reports.get('CVE-2023-30559.json')).toMatchObject({
        kind: 'cve5',
        outcome: 'imported',
        records: 1,
      });
      expect(reports.get('CVE-2023-99999.json')).toMatchObject({ kind: 'cve5', records: 0, problems: [] });
      expect(reports.get('epss_scores-2025-08-25.csv')).toMatchObject({
        kind: 'epss',
        records: 5,
        problems: [],
      });
      expect(reports.get('epss-bad-lines.csv')?.problems.map((problem) => problem.location)).toEqual([
        'line 4',
        'line 5',
      ]);
      expect(reports.get('recalls.csv')).toMatchObject({ kind: 'recalls', records: 3 });
      expect(reports.get('recalls.csv')?.problems).toEqual([
        { name: 'recalls.csv', location: 'line 5', message: 'class "IV" is not I, II or III' },
      ]);
      const details = await store.feeds.details(['CVE-2022-2119', 'CVE-2018-7489', 'CVE-2023-30559']);
      // The later EPSS file (2025-08-26) wins for CVE-2022-2119, whatever the order of import.
      expect(details.get('CVE-2022-2119')?.epss).toEqual({
        score: 0.0033,
        percentile: 0.5541,
        scoreDate: '2025-08-26T12:55:00Z',
      });
      expect(
        details.get('CVE-2018-7489')?.scores.map((score) => `${score.version} ${score.baseScore}`),
      ).toEqual(['3.1 9.8', '2.0 7.5']);
      expect(details.get('CVE-2018-7489')?.cwes).toEqual(['CWE-184', 'CWE-502']);
      // CVE 5 and CSAF both describe CVE-2023-30559; both accounts are kept.
      expect(details.get('CVE-2023-30559')?.origins.sort()).toEqual([
        'csaf:ICSMA-23-194-01',
        'cve5:CVE-2023-30559',
      ]);
    });

    it('re-imports incrementally: only the record whose source changed is written again', async () => {
      const folder = temporaryDirectory();
      copyFileSync(
        'test/fixtures/feeds-update/nvd-cves-2.0-updated.json',
        join(folder, 'nvd-cves-2.0-updated.json'),
      );
      const [report] = await importFeeds(store, [folder], vendors);
      expect(report).toMatchObject({ outcome: 'imported', records: 3, written: 1 });
      const details = await store.feeds.details(['CVE-2022-2119']);
      // NVD's account first (now with the CVSS 4.0 score the update added), then ICSMA-22-174-01's.
      expect(details.get('CVE-2022-2119')?.scores.map((score) => `${score.version} ${score.source}`)).toEqual(
        ['4.0 ics-cert@hq.dhs.gov', '3.1 nvd@nist.gov', '3.0 ICSMA-22-174-01'],
      );
      const [again] = await importFeeds(store, [folder], vendors);
      expect(again?.outcome).toBe('unchanged');
    });

    it("matches the inventory, keeps analysts' status through re-matching, and drops a match the firmware no longer has", async () => {
      const assets = join(temporaryDirectory(), 'assets.csv');
      writeFileSync(
        assets,
        [
          'asset_tag,manufacturer,model,software_version,mac',
          'BME-1,BD,Alaris 8015,12.1.2,00:1e:8f:00:00:01',
        ].join('\n'),
      );
      await importAssets(store, assets);
      const first = await matchInventory(store, vendors, '2026-01-01T00:00:00.000Z');
      expect(first.affectedDevices).toBe(1);
      const [pump] = await store.devices.list();
      const views = await deviceVulnerabilities(store, [pump?.id as string], '2026-01-02');
      const unsigned = views.find((view) => view.id === 'CVE-2023-30559');
      expect(unsigned).toMatchObject({
        certainty: 'certain',
        epss: { score: 0.00045 },
        status: { value: 'patch-available' },
      });
      await store.vulnerabilities.setStatus(
        pump?.id as string,
        'CVE-2023-30559',
        {
          status: 'risk-accepted',
          actor: 'j.ortiz',
          owner: 'ICU',
          expires: '2026-01-31',
          note: 'isolated VLAN',
        },
        '2026-01-02T00:00:00.000Z',
      );
      const again = await matchInventory(store, vendors, '2026-01-03T00:00:00.000Z');
      expect(again).toMatchObject({ added: 0, removed: 0, matches: first.matches });
      const [kept] = (await deviceVulnerabilities(store, [pump?.id as string], '2026-01-04')).filter(
        (view) => view.id === 'CVE-2023-30559',
      );
      expect(kept?.status).toMatchObject({ value: 'risk-accepted', setBy: 'analyst', owner: 'ICU' });
      expect(kept?.firstMatched).toBe('2026-01-01T00:00:00.000Z');
      expect(kept?.recommendedActions).toEqual([]);
      // Past its expiry, the acceptance no longer stands: the derived status shows, saying why.
      const [expired] = (await deviceVulnerabilities(store, [pump?.id as string], '2026-02-01')).filter(
        (view) => view.id === 'CVE-2023-30559',
      );
      expect(expired?.status).toMatchObject({ value: 'patch-available', setBy: 'advisory' });
      expect(expired?.status.note).toBe('risk acceptance by ICU expired on 2026-01-31');
      writeFileSync(
        assets,
        [
          'asset_tag,manufacturer,model,software_version,mac',
          'BME-1,BD,Alaris 8015,12.3.1,00:1e:8f:00:00:01',
        ].join('\n'),
      );
      await importAssets(store, assets);
      const fixed = await matchInventory(store, vendors, '2026-01-05T00:00:00.000Z');
      expect(fixed.removed).toBeGreaterThan(0);
      expect(
        (await store.vulnerabilities.matches([pump?.id as string])).map((match) => match.vulnerabilityId),
      ).not.toContain('CVE-2023-30559');
      expect(await store.vulnerabilities.statusHistory(pump?.id as string)).toEqual([
        {
          vulnerabilityId: 'CVE-2023-30559',
          at: '2026-01-02T00:00:00.000Z',
          actor: 'j.ortiz',
          before: null,
          after: 'risk-accepted',
          owner: 'ICU',
          expires: '2026-01-31',
          note: 'isolated VLAN',
        },
      ]);
    });
  });
}

describe('feed files that are not feeds', () => {
  it('names the file and what was expected', async () => {
    const store = await temporarySqliteStore();
    try {
      const folder = temporaryDirectory();
      writeFileSync(join(folder, 'notes.json'), '{"hello": "world"}');
      writeFileSync(join(folder, 'broken.json'), '{"format": "NVD_CVE", ');
      mkdirSync(join(folder, 'sub'));
      writeFileSync(join(folder, 'sub', 'table.csv'), 'a,b\n1,2\n');
      const reports = byName(await importFeeds(store, [folder], vendors));
      expect(reports.get('notes.json')?.problems[0]?.message).toMatch(
        /^expected NVD CVE API 2.0 JSON, a CVE JSON 5 record/,
      );
      expect(reports.get('broken.json')?.problems[0]?.message).toMatch(/^not JSON: /);
      expect(reports.get('table.csv')?.outcome).toBe('rejected');
      expect(await store.feeds.documents()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
