import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveDraftPolicy } from '../src/changes/policy-changes.js';
import { EndpointGroups } from '../src/segment/endpoint-groups.js';
import { generatePolicy } from '../src/segment/generate-policy.js';
import type { Policy } from '../src/segment/policy.js';
import { groupOfDevices, securityGroupTags } from '../src/segment/security-group-tags.js';
import { loadLearningFlows, loadSegmentDevices } from '../src/segment/segment-inputs.js';
import type { DeviceSummary } from '../src/store/device-summary.js';
import { serverHarness } from './support/server-harness.js';
import { temporarySqliteStore } from './support/temporary-store.js';

type Harness = Awaited<ReturnType<typeof serverHarness>>;

/** The NAC profile a network access control system reads, by MAC or IP, with a token of the `nac` role. */
describe('NAC profiles over the API', () => {
  let harness: Harness;
  let policy: Policy;
  let grouped: DeviceSummary;
  const as = (role: string) => ({
    headers: { authorization: `Bearer ${harness.tokens.get(role as never)}` },
  });

  beforeAll(async () => {
    harness = await serverHarness(await temporarySqliteStore());
    const { store } = harness;
    const generated = generatePolicy(
      await loadLearningFlows(store),
      new EndpointGroups(await loadSegmentDevices(store), [], 'device'),
    );
    policy = await saveDraftPolicy(store, generated, 'analyst', Date.now());
    const groups = groupOfDevices(policy);
    grouped = (await store.summaries.all()).find(
      (summary) => summary.mac !== null && summary.ip !== null && groups.has(summary.deviceId),
    )!;
  });
  afterAll(async () => {
    harness.server.stop();
    await harness.server.app.close();
    await harness.store.close();
  });

  it('answers by MAC or IP with the device, its group in the policy, the tag the ISE export gives it and a VLAN', async () => {
    const group = groupOfDevices(policy).get(grouped.deviceId)!;
    const expected = {
      deviceId: grouped.deviceId,
      mac: grouped.mac,
      ip: grouped.ip,
      type: grouped.type,
      category: grouped.category,
      riskLevel: grouped.riskLevel,
      group: { id: group.id, name: group.name },
      recommendedSgt: securityGroupTags(policy).get(group.id),
      recommendedVlan: expect.any(Number),
      policy: { id: policy.id, status: 'draft' },
    };
    const byMac = await harness.request(
      'GET',
      `/api/v1/nac/profile?mac=${grouped.mac!.toUpperCase().replaceAll(':', '-')}`,
      as('nac'),
    );
    expect(byMac.statusCode, byMac.body).toBe(200);
    expect(byMac.json()).toMatchObject(expected);
    const byIp = await harness.request('GET', `/api/v1/nac/profile?ip=${grouped.ip}`, as('nac'));
    expect(byIp.json()).toMatchObject(expected);
  });

  it('names the field of a bad query, and says when no device has the address', async () => {
    const ask = (query: string) => harness.request('GET', `/api/v1/nac/profile?${query}`, as('nac'));
    const both = await ask(`mac=${grouped.mac}&ip=${grouped.ip}`);
    expect([both.statusCode, both.json().error]).toEqual([
      400,
      expect.stringMatching(/exactly one of mac and ip/),
    ]);
    expect((await ask('')).statusCode).toBe(400);
    const badMac = await ask('mac=00:1a:zz:00:00:01');
    expect([badMac.statusCode, JSON.stringify(badMac.json())]).toEqual([400, expect.stringContaining('mac')]);
    expect((await ask('ip=10.1.2.3.4')).statusCode).toBe(400);
    expect((await ask('mac=02:00:00:00:00:99')).statusCode).toBe(404);
  });

  it('is for the nac role, whose token reads nothing else', async () => {
    const path = `/api/v1/nac/profile?mac=${grouped.mac}`;
    expect((await harness.request('GET', path, as('viewer'))).statusCode).toBe(403);
    expect((await harness.request('GET', path, as('security-analyst'))).statusCode).toBe(403);
    expect((await harness.request('GET', path, as('administrator'))).statusCode).toBe(200);
    expect((await harness.request('GET', path, {})).statusCode).toBe(401);
    expect((await harness.request('GET', '/api/v1/devices', as('nac'))).statusCode).toBe(403);
    expect((await harness.request('GET', '/api/v1/alerts', as('nac'))).statusCode).toBe(403);
  });

  it('exports every device, MAC to group, tag and VLAN, as CSV', async () => {
    const csv = await harness.request('GET', '/api/v1/nac/profiles.csv', as('nac'));
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'mac,ip,device_id,type,category,clinical_function,manufacturer,model,risk_level,group,sgt,vlan',
    );
    expect(lines).toHaveLength(1 + (await harness.store.summaries.all()).length);
    const row = lines.find((line) => line.includes(grouped.deviceId))!.split(',');
    expect([row[0], row[9], row[10]]).toEqual([
      grouped.mac,
      groupOfDevices(policy).get(grouped.deviceId)!.id,
      String(securityGroupTags(policy).get(groupOfDevices(policy).get(grouped.deviceId)!.id)),
    ]);
  });
});
