import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Mds2FormError } from '../src/govern/mds2/parse-mds2-rows.js';
import { readMds2File } from '../src/govern/mds2/read-mds2-file.js';
import { openStore } from '../src/store/open-store.js';
import { serverHarness } from './support/server-harness.js';
import { temporaryDirectory } from './support/temporary-store.js';
import { vigilOn } from './support/vigil-cli.js';
import { type WardModel, wardByModel } from './support/ward-models.js';

type Row = (string | null)[];

/**
 * A form in NEMA's layout: a merged title, the device's header rows, the table header, section
 * title rows merged across the table, blank rows, a DOC answer merged over two cells, a note given
 * by number with the notes listed below, and the standards-mapping columns real forms carry.
 */
function nemaRows(manufacturer: string, model: string, overrides: Record<string, string> = {}): Row[] {
  const question = (id: string, text: string, answer: string, note: string | null = null): Row => [
    overrides[`${id}:id`] ?? id,
    text,
    overrides[id] ?? answer,
    note,
    'IEC TR 80001-2-2:2012',
    'NIST SP 800-53 Rev. 4',
  ];
  return [
    ['Manufacturer Disclosure Statement for Medical Device Security – MDS2', null, null, null, null, null],
    [null, null, null, null, null, null],
    ['Device Category', 'Patient monitor', null, null, null, null],
    ['Document ID', 'MDS2-7731', null, null, null, null],
    ['Question ID', 'Question', 'See note', 'Note', 'IEC TR 80001-2-2:2012', 'NIST SP 800-53 Rev. 4'],
    ['DOCUMENTATION', null, null, null, null, null],
    question('DOC-1', 'Manufacturer Name', manufacturer),
    question('DOC-3', 'Device Model', model),
    [null, null, null, null, null, null],
    ['MANAGEMENT OF PERSONALLY IDENTIFIABLE INFORMATION', null, null, null, null, null],
    question(
      'MPII-1',
      'Can this device display, transmit, store, or modify personally identifiable information?',
      'Yes',
    ),
    question(
      'ALOF-1',
      'Can the device be configured to force reauthorization of logged-in user(s) after a predetermined length of inactivity?',
      'Yes',
    ),
    ['MALWARE DETECTION/PROTECTION (MLDP)', null, null, null, null, null],
    question('MLDP-2', 'Does the device support the use of anti-malware software?', 'N/A'),
    ['PERSON AUTHENTICATION (PAUT)', null, null, null, null, null],
    question(
      'PAUT-4',
      'Does the device require the use of default accounts, and are they documented?',
      'See Note',
      '1',
    ),
    question('PAUT-8', 'Does the device support multi-factor authentication?', 'No'),
    question(
      'RDMP-4',
      'Does the manufacturer have a plan for managing third-party component end-of-life?',
      'No',
    ),
    question(
      'RMOT-1',
      'Does the device permit remote service connections for device analysis or repair?',
      'Yes',
    ),
    question('SBOM-1', 'Is the SBOM for this product available?', 'Yes'),
    question('STCF-1', 'Can the device encrypt data at rest?', 'No'),
    question(
      'TXCF-2',
      'Is personally identifiable information encrypted prior to transmission via a network or removable media?',
      'Yes',
    ),
    [null, null, null, null, null, null],
    [
      'Note 1',
      'The service account and its password are documented in the service manual.',
      null,
      null,
      null,
      null,
    ],
  ];
}

async function writeWorkbook(path: string, rows: readonly Row[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Instructions').addRow(['Complete the form on the MDS2 sheet.']);
  const sheet = workbook.addWorksheet('MDS2');
  rows.forEach((row, index) => {
    sheet.addRow(row.map((cell) => cell ?? undefined));
    const number = index + 1;
    // Titles and section rows span the table, as NEMA's form draws them.
    if (row[0] !== null && row.slice(1).every((cell) => cell === null))
      sheet.mergeCells(`A${number}:F${number}`);
  });
  // The model's answer spans the answer and note cells.
  const modelRow = rows.findIndex((row) => row[0] === 'DOC-3') + 1;
  sheet.mergeCells(`C${modelRow}:D${modelRow}`);
  await workbook.xlsx.writeFile(path);
}

function csvOf(rows: readonly Row[]): string {
  const quote = (cell: string | null) => (cell === null ? '' : `"${cell.replace(/"/g, '""')}"`);
  return `${rows.map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}

describe('MDS2 forms', () => {
  const directory = temporaryDirectory('vigil-mds2-');

  it('reads the NEMA workbook, its CSV export and JSON alike', async () => {
    const rows = nemaRows('Nihon Kohden', 'Life Scope G5');
    const xlsx = join(directory, 'form.xlsx');
    const csv = join(directory, 'form.csv');
    await writeWorkbook(xlsx, rows);
    writeFileSync(csv, csvOf(rows));
    const fromWorkbook = await readMds2File(xlsx);
    const fromCsv = await readMds2File(csv);
    expect(fromWorkbook).toMatchObject({ format: 'xlsx', sheet: 'MDS2', warnings: [] });
    expect(fromCsv).toMatchObject({ format: 'csv', warnings: [] });
    expect(fromWorkbook.answers).toEqual(fromCsv.answers);
    expect(fromWorkbook.answers.map((answer) => answer.id)).toEqual([
      'DOC-1',
      'DOC-3',
      'MPII-1',
      'ALOF-1',
      'MLDP-2',
      'PAUT-4',
      'PAUT-8',
      'RDMP-4',
      'RMOT-1',
      'SBOM-1',
      'STCF-1',
      'TXCF-2',
    ]);
    expect(fromWorkbook.answers.find((answer) => answer.id === 'PAUT-4')).toMatchObject({
      section: 'PAUT',
      answer: 'See note',
      note: 'Note 1: The service account and its password are documented in the service manual.',
      row: 16,
    });
    expect(fromWorkbook.answers.find((answer) => answer.id === 'DOC-3')?.answer).toBe('Life Scope G5');
    const json = join(directory, 'form.json');
    writeFileSync(
      json,
      JSON.stringify({
        answers: fromWorkbook.answers.map(({ id, question, answer, note }) => ({
          id,
          question,
          answer,
          note,
        })),
      }),
    );
    const fromJson = await readMds2File(json);
    expect(fromJson.answers.map(({ row: _row, ...answer }) => answer)).toEqual(
      fromWorkbook.answers.map(({ row: _row, ...answer }) => answer),
    );
  });

  it("reads NEMA's template too, whose answer column has no header and whose See note column holds the notes", async () => {
    const standard = await readMds2File(
      (() => {
        const path = join(directory, 'standard.csv');
        writeFileSync(path, csvOf(nemaRows('Nihon Kohden', 'Life Scope G5')));
        return path;
      })(),
    );
    // Word processors' hyphens in the ids: a non-breaking one and an en dash.
    const rows = nemaRows('Nihon Kohden', 'Life Scope G5', {
      'PAUT-8:id': 'PAUT\u20118',
      'STCF-1:id': 'STCF\u20131',
    });
    const header = rows.findIndex((row) => row[0] === 'Question ID');
    rows[header] = [
      'Question ID',
      'Question',
      null,
      'See note',
      'IEC TR 80001-2-2:2012',
      'NIST SP 800-53 Rev. 4',
    ];
    const template = join(directory, 'template.csv');
    writeFileSync(template, csvOf(rows));
    const read = await readMds2File(template);
    expect(read.answers.map(({ id, answer, note }) => ({ id, answer, note }))).toEqual(
      standard.answers.map(({ id, answer, note }) => ({ id, answer, note })),
    );
  });

  it('names the sheet, row and column of what it cannot read', async () => {
    const broken = join(directory, 'broken.xlsx');
    await writeWorkbook(broken, nemaRows('Acme', 'X1', { 'PAUT-8:id': 'PAUT 8' }));
    await expect(readMds2File(broken)).rejects.toThrow(
      'broken.xlsx, sheet "MDS2", row 17, column A: "PAUT 8" is not a question id',
    );
    const headless = join(directory, 'headless.csv');
    writeFileSync(headless, 'a,b\r\nc,d\r\n');
    await expect(readMds2File(headless)).rejects.toThrow(Mds2FormError);
    await expect(readMds2File(headless)).rejects.toThrow(
      'headless.csv: no header row naming the question id',
    );
    const odd = join(directory, 'odd.csv');
    writeFileSync(odd, csvOf(nemaRows('Acme', 'X1', { 'STCF-1': 'Partially' })));
    expect((await readMds2File(odd)).warnings).toEqual([
      'odd.csv, row 21, column C: STCF-1 answered "Partially" (not Yes, No, N/A or See note); kept as written',
    ]);
    const notAWorkbook = join(directory, 'fake.xlsx');
    writeFileSync(notAWorkbook, 'PK not really');
    await expect(readMds2File(notAWorkbook)).rejects.toThrow('fake.xlsx: not a readable XLSX workbook');
  });

  describe('on the devices of the model', () => {
    let vigil: ReturnType<typeof vigilOn>;
    let model: WardModel;
    let location = '';

    beforeAll(async () => {
      let models: WardModel[];
      ({ location, models } = await wardByModel());
      model = models[0]!;
      vigil = vigilOn(location);
    }, 120_000);

    it('lands its capabilities on every device of the model, with the question as evidence', async () => {
      expect(model.devices.length).toBeGreaterThan(1);
      const xlsx = join(directory, 'model.xlsx');
      await writeWorkbook(xlsx, nemaRows(model.manufacturer.toUpperCase(), model.model));
      const riskOf = () =>
        JSON.parse(vigil('risk', '--device', model.devices[0]!, '--json').stdout)[0] as {
          score: number;
          factors: { name: string; evidence: string }[];
        };
      const before = riskOf();
      const imported = vigil('mds2', 'import', xlsx, '--by', 'c.engineer', '--json');
      expect(imported.status, imported.stderr).toBe(0);
      const report = JSON.parse(imported.stdout);
      expect(report).toMatchObject({ answers: 12, format: 'xlsx', sheet: 'MDS2' });
      expect([...report.devices].sort()).toEqual([...model.devices].sort());
      const device = JSON.parse(vigil('device', model.devices[0]!, '--json').stdout);
      const atRest = device.attributes.find(
        (attribute: { name: string }) => attribute.name === 'mds2.encryption-at-rest',
      );
      expect(atRest).toMatchObject({
        value: 'no',
        source: 'mds2',
        evidence: { capture: 'model.xlsx STCF-1', packetNumber: 21 },
      });
      // The form says patient data is encrypted in transit; the devices' traffic carried it in clear.
      expect(report.contradictions.map((each: { deviceId: string }) => each.deviceId).sort()).toEqual(
        [...model.devices].sort(),
      );
      expect(report.contradictions[0]).toMatchObject({ question: 'TXCF-2' });
      expect(imported.stderr).toContain(
        'MDS2 TXCF-2 answers Yes: patient data is encrypted before it crosses the network; the traffic shows patient data sent in clear',
      );
      const contradicted = JSON.parse(vigil('device', model.devices[0]!, '--json').stdout).findings.find(
        (each: { type: string }) => each.type === 'mds2-claim-contradicted',
      );
      expect(contradicted.detail).toMatch(
        /^model\.xlsx: MDS2 TXCF-2 answers Yes: .*; the traffic shows patient data sent in clear \(/,
      );
      expect(JSON.parse(vigil('mds2', 'check', '--json').stdout)).toEqual(report.contradictions);

      // The answers against the device weigh in its risk, each explained by its question.
      const after = riskOf();
      expect(after.score).toBeGreaterThan(before.score);
      expect(after.factors).toContainEqual(
        expect.objectContaining({
          name: 'manufacturer: no encryption at rest',
          evidence: 'MDS2 STCF-1: No (model.xlsx)',
        }),
      );
      expect(after.factors.map((factor) => factor.name)).toContain(
        'manufacturer: remote service connections',
      );
      expect(after.factors.map((factor) => factor.name)).toContain('finding: mds2-claim-contradicted');
      expect(after.factors.map((factor) => factor.name)).not.toContain(
        'manufacturer: patient data encrypted in transit',
      );
      const shown = vigil('mds2', 'show', model.model, '--json');
      expect(JSON.parse(shown.stdout).answers).toContainEqual(
        expect.objectContaining({
          id: 'PAUT-8',
          question: 'Does the device support multi-factor authentication?',
          answer: 'No',
          note: null,
        }),
      );
      expect(vigil('mds2', 'show', model.model).stdout).toContain(
        'no multi-factor authentication (MDS2 PAUT-8: No)',
      );

      const other = join(directory, 'other.csv');
      writeFileSync(
        other,
        csvOf(nemaRows('Acme Medical', 'InfuseRx 3', { 'PAUT-8': 'Yes', 'STCF-1': 'Yes' })),
      );
      expect(vigil('mds2', 'import', other).status).toBe(0);
      const compared = JSON.parse(vigil('mds2', 'compare', model.model, 'InfuseRx 3', '--json').stdout);
      expect(
        compared.questions.map((row: { id: string; a: string; b: string }) => [row.id, row.a, row.b]),
      ).toEqual([
        ['DOC-1', model.manufacturer.toUpperCase(), 'Acme Medical'],
        ['DOC-3', model.model, 'InfuseRx 3'],
        ['PAUT-8', 'No', 'Yes'],
        ['STCF-1', 'No', 'Yes'],
      ]);
      expect(vigil('mds2', 'show', 'Nothing').stderr).toContain('no MDS2 form for model "Nothing"');

      // The same over the API, for any role that reads the inventory.
      const store = await openStore(location);
      const harness = await serverHarness(store);
      try {
        const viewer = await harness.signIn('viewer');
        const forms = (await harness.request('GET', '/api/v1/mds2', { browser: viewer })).json().forms as {
          id: string;
          model: string;
          answers: number;
          capabilities: { name: string; value: string }[];
        }[];
        expect(forms.map((form) => [form.model, form.answers]).sort()).toEqual(
          [
            [model.model, 12],
            ['InfuseRx 3', 12],
          ].sort(),
        );
        const mine = forms.find((form) => form.model === model.model)!;
        expect(mine.capabilities).toContainEqual(
          expect.objectContaining({ name: 'encryption-at-rest', value: 'no' }),
        );
        const one = (await harness.request('GET', `/api/v1/mds2/${mine.id}`, { browser: viewer })).json();
        expect(one.answers).toContainEqual(
          expect.objectContaining({ id: 'STCF-1', answer: 'No', section: 'STCF' }),
        );
        expect(
          (await harness.request('GET', '/api/v1/mds2/mds2-000000000000', { browser: viewer })).statusCode,
        ).toBe(404);
      } finally {
        harness.server.stop();
        await harness.server.app.close();
        await store.close();
      }
    });
  });
});
