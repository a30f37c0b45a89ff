import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import { referenceData } from './support/reference-data.js';
import { serverHarness } from './support/server-harness.js';
import { temporaryDirectory } from './support/temporary-store.js';
import { hasTool, run } from './support/tools.js';
import { vigilOn } from './support/vigil-cli.js';
import { type WardModel, wardByModel } from './support/ward-models.js';

/** An MDS2 form as JSON: the answers given, each with a stand-in question. */
function mds2Json(answers: Record<string, string>): string {
  return JSON.stringify({
    answers: Object.entries(answers).map(([id, answer]) => ({
      id,
      question: `Question ${id}?`,
      answer,
      note: null,
    })),
  });
}

interface MatrixArea {
  area: string;
  responsible: string | null;
  from: string | null;
  evidence: string;
  team: string | null;
  devicesWithoutOwner: string[];
  unowned: boolean;
}

describe('vigil responsibility: the shared responsibility matrix of a model', () => {
  const directory = temporaryDirectory('vigil-responsibility-');
  let vigil: ReturnType<typeof vigilOn>;
  let model: WardModel;

  beforeAll(async () => {
    const ward = await wardByModel();
    model = ward.models[0]!;
    vigil = vigilOn(ward.location);
  }, 120_000);

  it('reads who is responsible from the MDS2, takes the hospital’s assignments, and reports the areas nobody owns', () => {
    const form = join(directory, 'form.json');
    writeFileSync(
      form,
      mds2Json({
        'CSUP-2': 'Yes',
        'CSUP-2.1': 'No',
        'CSUP-2.2': 'Yes',
        'MLDP-2': 'No',
        'PAUT-6': 'Yes',
        'DTBK-4': 'Yes',
        'AUDT-1': 'Yes',
        'AUDT-4': 'No',
      }),
    );
    const imported = vigil(
      'mds2',
      'import',
      form,
      '--manufacturer',
      model.manufacturer,
      '--model',
      model.model,
    );
    expect(imported.status, imported.stderr).toBe(0);
    const show = () => {
      const result = vigil(
        'responsibility',
        'show',
        '--manufacturer',
        model.manufacturer,
        '--model',
        model.model,
        '--json',
      );
      return {
        status: result.status,
        matrix: JSON.parse(result.stdout) as { areas: MatrixArea[]; unowned: string[] },
      };
    };
    const area = (areas: MatrixArea[], name: string) => areas.find((entry) => entry.area === name)!;
    const first = show();
    // Vendor-installed OS patches are the manufacturer's; the question ids are the evidence.
    expect(area(first.matrix.areas, 'os-patching')).toMatchObject({
      responsible: 'manufacturer',
      from: 'mds2',
      evidence: 'MDS2 CSUP-2.1: No; CSUP-2.2: Yes',
      unowned: false,
    });
    expect(area(first.matrix.areas, 'logging')).toMatchObject({ responsible: 'shared', from: 'mds2' });
    // The form says nothing of sanitisation: nobody is responsible until the hospital says.
    expect(area(first.matrix.areas, 'sanitisation')).toMatchObject({
      responsible: null,
      from: null,
      unowned: true,
    });
    // The hospital's areas have no team and no device has an owner yet: every one is unowned.
    expect(area(first.matrix.areas, 'backup')).toMatchObject({ responsible: 'hospital', unowned: true });
    expect(area(first.matrix.areas, 'backup').devicesWithoutOwner.sort()).toEqual([...model.devices].sort());
    expect(first.status).toBe(4);

    // The asset list names an owner for every device of the model.
    const assets = [
      'asset_tag,ip,owner,department',
      ...model.devices.map((id, index) => {
        const device = JSON.parse(vigil('device', id, '--json').stdout) as { ips: string[] };
        return `BME-${index},${device.ips[0]},Biomed ward 4,ICU`;
      }),
    ].join('\n');
    writeFileSync(join(directory, 'assets.csv'), assets);
    expect(vigil('assets', 'import', join(directory, 'assets.csv')).status).toBe(0);
    const assign = (area: string, responsible: string, ...more: string[]) =>
      vigil(
        'responsibility',
        'assign',
        '--manufacturer',
        model.manufacturer,
        '--model',
        model.model,
        '--area',
        area,
        '--responsible',
        responsible,
        ...more,
      );
    const refused = assign('disposal', 'hospital');
    expect([refused.status, refused.stderr]).toEqual([
      1,
      expect.stringContaining('area: expected one of os-patching'),
    ]);
    expect(
      assign(
        'sanitisation',
        'shared',
        '--team',
        'Clinical engineering',
        '--note',
        'vendor purges, hospital certifies',
        '--by',
        'c.engineer',
      ).status,
    ).toBe(0);
    // Application patching the form leaves open: the service contract gives it to the manufacturer.
    expect(assign('application-patching', 'manufacturer').status).toBe(0);
    const second = show();
    expect(area(second.matrix.areas, 'sanitisation')).toMatchObject({
      responsible: 'shared',
      from: 'assignment',
      team: 'Clinical engineering',
      unowned: false,
    });
    expect(area(second.matrix.areas, 'backup')).toMatchObject({ devicesWithoutOwner: [], unowned: false });
    expect([second.status, second.matrix.unowned]).toEqual([0, []]);
    const audit = JSON.parse(vigil('audit', 'list', '--json').stdout) as { action: string; target: string }[];
    expect(
      audit.some((row) => row.action === 'responsibility-assigned' && row.target.endsWith('sanitisation')),
    ).toBe(true);
  });
});

describe('governance over the API', () => {
  it('assigns responsibility and writes a review for the roles allowed, audited under their names', async () => {
    const ward = await wardByModel();
    const model = ward.models[0]!;
    const store = await openStore(ward.location);
    const harness = await serverHarness(store);
    try {
      const viewer = await harness.signIn('viewer');
      const engineer = await harness.signIn('clinical-engineer');
      const upload = (fileName: string, content: string) =>
        harness.request('POST', '/api/v1/mds2', {
          browser: engineer,
          body: {
            fileName,
            contentBase64: Buffer.from(content).toString('base64'),
            manufacturer: model.manufacturer,
            model: model.model,
          },
        });
      const imported = await upload('form.json', mds2Json({ 'STCF-1': 'No', 'DTBK-4': 'Yes' }));
      expect(imported.statusCode, imported.body).toBe(200);
      expect(imported.json().devices.sort()).toEqual([...model.devices].sort());
      const malformed = await upload(
        'form.csv',
        'Question ID,Question,Answer\r\nPAUT 8,Multi-factor?,Yes\r\n',
      );
      expect([malformed.statusCode, malformed.json().error]).toEqual([
        400,
        expect.stringContaining('form.csv, row 2, column A: "PAUT 8" is not a question id'),
      ]);
      const body = {
        manufacturer: model.manufacturer,
        model: model.model,
        area: 'backup',
        responsible: 'hospital',
        team: 'Biomedical engineering',
      };
      expect(
        (await harness.request('PUT', '/api/v1/responsibility', { browser: viewer, body })).statusCode,
      ).toBe(403);
      const unknownArea = await harness.request('PUT', '/api/v1/responsibility', {
        browser: engineer,
        body: { ...body, area: 'disposal' },
      });
      expect(unknownArea.statusCode).toBe(400);
      const assigned = await harness.request('PUT', '/api/v1/responsibility', { browser: engineer, body });
      expect(assigned.statusCode, assigned.body).toBe(200);
      expect(assigned.json().areas.find((area: MatrixArea) => area.area === 'backup')).toMatchObject({
        responsible: 'hospital',
        from: 'assignment',
        team: 'Biomedical engineering',
        unowned: false,
      });
      const query = new URLSearchParams({ manufacturer: model.manufacturer, model: model.model });
      expect(
        (await harness.request('GET', `/api/v1/responsibility?${query}`, { browser: viewer })).json().unowned,
      ).not.toContain('backup');

      const review = await harness.request('POST', '/api/v1/procurement-reviews', {
        browser: engineer,
        body: { manufacturer: model.manufacturer, model: model.model },
      });
      expect(review.statusCode, review.body).toBe(200);
      const pdf = await harness.request('GET', `/api/v1/procurement-reviews/${review.json().id}?format=pdf`, {
        browser: viewer,
      });
      expect([pdf.statusCode, pdf.headers['content-type'], pdf.rawPayload.subarray(0, 5).toString()]).toEqual(
        [200, 'application/pdf', '%PDF-'],
      );
      expect(
        (
          await harness.request('POST', '/api/v1/procurement-reviews', {
            browser: viewer,
            body: { manufacturer: 'x', model: 'y' },
          })
        ).statusCode,
      ).toBe(403);
      const audit = await store.audit.list(100);
      expect(
        audit
          .filter(
            (row) => row.action === 'responsibility-assigned' || row.action === 'procurement-review-written',
          )
          .map((row) => row.actor),
      ).toEqual(['clinical-engineer', 'clinical-engineer']);
    } finally {
      harness.server.stop();
      await harness.server.app.close();
      await store.close();
    }
  }, 120_000);
});

describe('vigil procurement: a pre-purchase review from the MDS2, the SBOM and the feeds', () => {
  const directory = temporaryDirectory('vigil-procurement-');
  const vigil = vigilOn(join(directory, 'vigil.db'));

  beforeAll(() => {
    // No device of the model is in the store: it is not bought yet.
    vigil('feeds', 'import', referenceData('csaf-icsma'), referenceData('kev'), 'test/fixtures/feeds');
    const sbom = vigil(
      'feeds',
      'import',
      referenceData('cyclonedx', 'valid-vulnerability-1.6.json'),
      '--vendor',
      'Philips',
      '--model',
      'IntelliVue MX450',
    );
    expect(sbom.status).toBe(0);
  }, 180_000);

  it('finds the vulnerabilities of the model and of its SBOM components, and asks what is open', () => {
    const first = JSON.parse(
      vigil(
        'procurement',
        'review',
        '--manufacturer',
        'Philips',
        '--model',
        'IntelliVue MX450',
        '--version',
        'N.00.02',
        '--json',
      ).stdout,
    ) as {
      id: string;
      sboms: { components: number }[];
      vulnerabilities: { id: string; via: string | null; cvss: number | null }[];
      questions: { topic: string; question: string }[];
    };
    const byId = new Map(first.vulnerabilities.map((entry) => [entry.id, entry]));
    expect(byId.get('CVE-2020-16212')?.via).toBeNull();
    expect(byId.get('CVE-2018-7489')).toMatchObject({
      via: 'com.fasterxml.jackson.core/jackson-databind 2.9.4',
    });
    expect(first.sboms).toHaveLength(1);
    const topics = first.questions.map((question) => question.topic);
    expect(topics[0]).toBe('MDS2');
    expect(topics).toContain('CVE-2018-7489');
    expect(topics).toContain('support');

    const form = join(directory, 'mx450.json');
    writeFileSync(form, mds2Json({ 'STCF-1': 'No', 'SBOM-1': 'Yes', 'PAUT-8': 'See note', 'RMOT-1': 'Yes' }));
    vigil('mds2', 'import', form, '--manufacturer', 'Philips', '--model', 'IntelliVue MX450');
    const second = JSON.parse(
      vigil('procurement', 'review', '--manufacturer', 'Philips', '--model', 'IntelliVue MX450', '--json')
        .stdout,
    ) as { id: string; questions: { topic: string; why: string }[] };
    expect(second.questions.map((question) => question.topic)).toEqual(
      expect.arrayContaining(['MDS2 STCF-1', 'MDS2 PAUT-8', 'MDS2 RMOT-1']),
    );
    expect(second.questions.find((question) => question.topic === 'MDS2 STCF-1')?.why).toBe(
      'no encryption at rest (MDS2 STCF-1: No)',
    );
    expect(second.questions.map((question) => question.topic)).not.toContain('MDS2');

    // Both are kept as written: the first still asks for the MDS2.
    const listed = JSON.parse(vigil('procurement', 'list', '--json').stdout) as { id: string }[];
    expect(listed.map((row) => row.id).sort()).toEqual([first.id, second.id].sort());
    const kept = vigil('procurement', 'show', first.id, '--format', 'markdown').stdout;
    expect(kept).toContain(
      'Provide a completed MDS2 (ANSI/NEMA HN 1-2019) for Philips IntelliVue MX450 N.00.02.',
    );
    expect(vigil('procurement', 'show', 'pr-000000000000').stderr).toContain(
      'no procurement review pr-000000000000',
    );
  });

  it.skipIf(!hasTool('pdftotext') && process.env.CI !== 'true')(
    'exports the review as a PDF one can read',
    () => {
      const [review] = JSON.parse(vigil('procurement', 'list', '--json').stdout) as { id: string }[];
      const pdf = join(directory, 'review.pdf');
      expect(vigil('procurement', 'show', review!.id, '--format', 'pdf', '--out', pdf).status).toBe(0);
      const text = run('pdftotext', [pdf, '-']);
      expect(text).toContain('Pre-purchase security review: Philips IntelliVue MX450');
      expect(text).toContain('Open questions for the manufacturer');
    },
  );
});
