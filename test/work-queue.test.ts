import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setWorkItem, workItemProblem } from '../src/changes/set-work-item.js';
import { VendorNames } from '../src/intel/matching/names.js';
import type { DeviceRecord } from '../src/inventory/device-record.js';
import { assessFleet } from '../src/risk/assess-fleet.js';
import { loadWorkQueue } from '../src/risk/load-work-queue.js';
import { loadRiskModel } from '../src/risk/risk-model.js';
import type { WorkItem } from '../src/risk/work-item.js';
import { formatWorkQueueCsv, workQueueCsvColumns } from '../src/risk/work-queue-csv.js';
import type { Store } from '../src/store/open-store.js';
import { demoHospital } from './support/demo-hospital.js';

const model = loadRiskModel();
const vendors = VendorNames.load();

describe('the fix-first work queue on the demo hospital', () => {
  let store: Store;
  let devices: DeviceRecord[];
  let items: WorkItem[];

  beforeAll(async () => {
    ({ store } = await demoHospital());
    devices = await store.devices.list();
    items = await loadWorkQueue(store, model, vendors, '2026-12-01T00:00:00.000Z');
  }, 120_000);
  afterAll(async () => store?.close());

  it('groups each finding across the fleet: one item naming every device that shows it', () => {
    const telnet = items.find((item) => item.id === 'finding:telnet-service');
    const offering = devices.filter((device) =>
      device.findings.some((finding) => finding.type === 'telnet-service'),
    );
    expect(offering.length).toBeGreaterThan(1);
    expect(telnet?.devices.map((device) => device.deviceId).sort()).toEqual(
      offering.map((device) => device.id).sort(),
    );
    expect(telnet?.title).toMatch(/^Telnet open on \d+ /);
    expect(telnet?.remedy).toContain('SSH');
    expect(telnet?.severity).toBe('high');
  });

  it('groups vulnerabilities by the advisory they were matched through, with every device it is matched to', async () => {
    const advisory = items.find((item) => item.id === 'advisory:ICSMA-20-254-01');
    const matched = (await store.vulnerabilities.matches()).filter((match) =>
      match.evidence.some((evidence) => evidence.origin === 'csaf:ICSMA-20-254-01'),
    );
    expect(advisory?.devices.map((device) => device.deviceId).sort()).toEqual(
      [...new Set(matched.map((match) => match.deviceId))].sort(),
    );
    expect(advisory?.references).toEqual([...new Set(matched.map((match) => match.vulnerabilityId))].sort());
  });

  it("counts as an item's risk removed the contributions its factors make to its devices' scores", async () => {
    const risks = new Map((await assessFleet(store, model)).map((risk) => [risk.deviceId, risk]));
    for (const item of items.filter((candidate) => candidate.kind !== 'identify')) {
      const names =
        item.kind === 'finding'
          ? new Set(item.references.map((type) => `finding: ${type}`))
          : new Set(item.references.map((id) => `vulnerability ${id}`));
      let expected = 0;
      for (const device of item.devices)
        for (const factor of risks.get(device.deviceId)?.factors ?? [])
          if (names.has(factor.name) && factor.contribution > 0) expected += factor.contribution;
      expect(item.riskReduced, item.id).toBeCloseTo(expected, 0);
    }
  });

  it('ranks open items by the risk they remove, and lists the devices that cannot be matched as work too', () => {
    const reductions = items.map((item) => item.riskReduced);
    expect(reductions).toEqual([...reductions].sort((a, b) => b - a));
    expect(items[0]!.riskReduced).toBeGreaterThan(0);
    const pumps = items.find((item) => item.id === 'identify:infusion pump');
    expect(pumps?.devices.length).toBe(
      devices.filter((device) => device.type === 'infusion pump' && device.model === null).length,
    );
    expect(pumps?.references).toContain('ICSMA-22-251-01');
  });

  it('suggests a due date by severity until someone sets one', () => {
    for (const item of items) {
      const days = { critical: 7, high: 30, medium: 90, low: 180 }[item.severity];
      expect(item.suggestedDueDate).toBe(
        new Date(Date.parse('2026-12-01') + days * 86_400_000).toISOString().slice(0, 10),
      );
      expect(item.dueDate).toBe(item.suggestedDueDate);
      expect(item.status).toBe('open');
    }
  });

  it('records owner, due date and status with an audit row, and moves a done item to the end', async () => {
    const first = items[0]!;
    expect(workItemProblem({ status: 'accepted' })).toMatch(/needs note/);
    expect(workItemProblem({ status: 'open', dueDate: '12/01/2027' })).toMatch(
      /dueDate: expected YYYY-MM-DD/,
    );
    await setWorkItem(
      store,
      first.id,
      { status: 'in-progress', owner: 'biomed', dueDate: '2027-01-15', actor: 'j.ortiz' },
      Date.parse('2026-12-02T10:00:00Z'),
    );
    let again = await loadWorkQueue(store, model, vendors, '2026-12-01T00:00:00.000Z');
    expect(again.find((item) => item.id === first.id)).toMatchObject({
      status: 'in-progress',
      owner: 'biomed',
      dueDate: '2027-01-15',
      updatedBy: 'j.ortiz',
    });
    await setWorkItem(
      store,
      first.id,
      { status: 'done', note: 'telnet turned off', actor: 'j.ortiz' },
      Date.parse('2026-12-03T10:00:00Z'),
    );
    again = await loadWorkQueue(store, model, vendors, '2026-12-01T00:00:00.000Z');
    expect(again.at(-1)).toMatchObject({
      id: first.id,
      status: 'done',
      owner: 'biomed',
      note: 'telnet turned off',
    });
    const audit = (await store.audit.list(10)).filter((row) => row.action === 'work-item-set');
    expect(audit.map((row) => [row.actor, row.target])).toEqual([
      ['j.ortiz', first.id],
      ['j.ortiz', first.id],
    ]);
    expect(JSON.parse(audit[0]!.after ?? '{}')).toMatchObject({ status: 'done', owner: 'biomed' });
  });

  it('exports as CSV a row per item with the columns the command prints', () => {
    const rows = parse(formatWorkQueueCsv(items), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...workQueueCsvColumns]);
    expect(rows.map((row) => row.id)).toEqual(items.map((item) => item.id));
    expect(rows.map((row) => Number(row.devices))).toEqual(items.map((item) => item.devices.length));
  });
});
