import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Zone } from '../config/zones.js';
import { EndpointGroups, type SegmentDevice } from './endpoint-groups.js';
import { generatePolicy } from './generate-policy.js';
import { granularities, type Policy } from './policy.js';
import { PolicyEvaluator } from './policy-evaluator.js';
import type { PolicyFlow } from './policy-flow.js';

const zones: Zone[] = [
  { name: 'ICU', cidr: '10.10.0.0/16', trust: 'clinical' },
  { name: 'guest Wi-Fi', cidr: '10.15.0.0/16', trust: 'untrusted' },
  { name: 'data centre', cidr: '10.17.0.0/16' },
];

const kinds = [
  {
    type: 'infusion pump',
    category: 'medical',
    clinicalFunction: 'life-sustaining',
    manufacturer: 'B. Braun',
    model: 'Space',
    riskLevel: 'critical',
  },
  {
    type: 'patient monitor',
    category: 'medical',
    clinicalFunction: 'patient-connected',
    manufacturer: 'Philips',
    model: null,
    riskLevel: 'high',
  },
  {
    type: 'PACS',
    category: 'medical',
    clinicalFunction: 'diagnostic',
    manufacturer: null,
    model: null,
    riskLevel: null,
  },
  {
    type: 'workstation',
    category: 'IT',
    clinicalFunction: 'administrative',
    manufacturer: 'Dell',
    model: 'OptiPlex',
    riskLevel: 'low',
  },
  { type: null, category: null, clinicalFunction: null, manufacturer: null, model: null, riskLevel: null },
];

/** Addresses in the zones, in a /24 no zone names, outside, IPv6, and ones no router carries. */
const address = fc.oneof(
  fc.integer({ min: 1, max: 40 }).map((host) => `10.10.0.${host}`),
  fc.integer({ min: 1, max: 9 }).map((host) => `10.15.0.${host}`),
  fc.integer({ min: 1, max: 9 }).map((host) => `10.17.0.${host}`),
  fc.integer({ min: 1, max: 9 }).map((host) => `192.168.7.${host}`),
  fc.integer({ min: 1, max: 9 }).map((host) => `198.51.100.${host}`),
  fc.integer({ min: 1, max: 9 }).map((host) => `fd00::${host}`),
  fc.constantFrom('224.0.0.251', '255.255.255.255', '169.254.1.1', 'ff02::fb'),
);

const flow: fc.Arbitrary<PolicyFlow> = fc.record({
  src: address,
  dst: address,
  protocol: fc.constantFrom(6, 17, 1, 58, 47),
  port: fc.constantFrom(0, 22, 23, 53, 104, 443, 445, 2575, 3389, 5900, 7001, 49_152),
  packets: fc.integer({ min: 1, max: 1000 }),
  bytes: fc.integer({ min: 60, max: 1_000_000 }),
  firstSeenMs: fc.integer({ min: 1_700_000_000_000, max: 1_700_086_400_000 }),
  lastSeenMs: fc.integer({ min: 1_700_086_400_000, max: 1_700_090_000_000 }),
  count: fc.integer({ min: 1, max: 5 }),
  answered: fc.boolean(),
});

const devices: fc.Arbitrary<SegmentDevice[]> = fc
  .uniqueArray(
    fc.record({
      ip: address,
      mac: fc
        .integer({ min: 1, max: 0xffff })
        .map(
          (n) =>
            `00:1a:01:00:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`,
        ),
      kind: fc.integer({ min: 0, max: kinds.length - 1 }),
    }),
    { selector: (device) => device.ip, maxLength: 30 },
  )
  .map((drafts) =>
    drafts.map((draft, index) => ({
      id: `dev-${index.toString(16).padStart(12, '0')}`,
      name: `device ${draft.ip}`,
      ips: [draft.ip],
      macs: [draft.mac],
      ...kinds[draft.kind]!,
    })),
  );

function asPolicy(generated: ReturnType<typeof generatePolicy>): Policy {
  return {
    ...generated,
    id: 'pol-1',
    version: 1,
    status: 'draft',
    createdAt: '2026-12-07T00:00:00.000Z',
    createdBy: 'test',
    approvedAt: null,
    approvedBy: null,
  };
}

describe('a policy generated from a learning window', () => {
  it('never denies a flow its own learning window needed (every one answered), at any granularity', () => {
    fc.assert(
      fc.property(
        devices,
        fc.array(flow, { minLength: 1, maxLength: 80 }),
        fc.constantFrom(...granularities),
        fc.boolean(),
        fc.boolean(),
        (known, window, granularity, withZones, withDefined) => {
          // An analyst's group by subnet and by MAC, taking members from the granularity's groups.
          const defined = withDefined
            ? [
                { name: 'biomed bench', cidrs: ['10.10.0.0/28'], macs: [] },
                { name: 'tagged', cidrs: [], macs: known.slice(0, 2).flatMap((device) => device.macs) },
              ]
            : [];
          const policy = asPolicy(
            generatePolicy(window, new EndpointGroups(known, withZones ? zones : [], granularity, defined)),
          );
          const evaluator = new PolicyEvaluator(policy);
          // A refused connection did not work, so nothing needed it.
          for (const needed of window.filter((flow) => flow.answered)) {
            const decision = evaluator.decide(needed);
            expect(decision.action, `${JSON.stringify(needed)} → ${decision.rule}`).toBe('allow');
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  const pump: SegmentDevice = {
    id: 'dev-000000000001',
    name: 'pump-1',
    ips: ['10.10.0.5'],
    macs: ['00:1a:01:00:00:05'],
    type: 'infusion pump',
    category: 'medical',
    clinicalFunction: 'life-sustaining',
    manufacturer: 'B. Braun',
    model: 'Space',
    riskLevel: 'critical',
  };
  const server: SegmentDevice = {
    id: 'dev-000000000002',
    name: 'gateway',
    ips: ['10.17.0.2'],
    macs: ['00:1a:01:00:00:02'],
    type: 'interface engine',
    category: 'IT',
    clinicalFunction: 'administrative',
    manufacturer: null,
    model: null,
    riskLevel: 'low',
  };
  const laptop: SegmentDevice = {
    id: 'dev-000000000003',
    name: 'biomed laptop',
    ips: ['10.17.0.9'],
    macs: ['00:1a:01:00:00:09'],
    type: 'laptop',
    category: 'IT',
    clinicalFunction: 'administrative',
    manufacturer: null,
    model: null,
    riskLevel: 'low',
  };
  const at = (src: string, dst: string, protocol: number, port: number): PolicyFlow => ({
    src,
    dst,
    protocol,
    port,
    packets: 10,
    bytes: 1000,
    firstSeenMs: 1_700_000_000_000,
    lastSeenMs: 1_700_000_001_000,
    count: 1,
    answered: true,
  });

  it('denies what the window did not show, naming the hygiene rule where one applies', () => {
    const window = [at('10.10.0.5', '10.17.0.2', 6, 2575), at('10.17.0.9', '10.10.0.5', 6, 23)];
    const policy = asPolicy(
      generatePolicy(window, new EndpointGroups([pump, server, laptop], zones, 'device')),
    );
    const evaluator = new PolicyEvaluator(policy);
    const ruleOf = (id: string) => policy.rules.find((rule) => rule.id === id)!;
    // Telnet from the biomed laptop became the maintenance group's; from anywhere else it is hygiene's.
    const telnet = evaluator.decide(at('10.17.0.9', '10.10.0.5', 6, 23));
    expect(ruleOf(telnet.rule)).toMatchObject({
      from: 'maintenance',
      application: 'telnet',
      action: 'allow',
    });
    const guestTelnet = evaluator.decide(at('10.15.0.7', '10.10.0.5', 6, 23));
    expect([guestTelnet.action, ruleOf(guestTelnet.rule).justification.reason]).toEqual([
      'block',
      'guest and visitor networks never reach clinical zones',
    ]);
    expect(ruleOf(evaluator.decide(at('10.17.0.2', '10.10.0.5', 6, 3389)).rule).justification.basis).toBe(
      'hygiene',
    );
    expect(evaluator.decide(at('10.10.0.5', '203.0.113.66', 6, 443))).toMatchObject({ action: 'block' });
    expect(evaluator.decide(at('10.10.0.5', '10.17.0.2', 6, 2576))).toEqual({
      action: 'block',
      rule: 'D',
      logged: false,
    });
    // The HL7 rule says why it exists and what it carries.
    const hl7 = ruleOf(evaluator.decide(at('10.10.0.5', '10.17.0.2', 6, 2575)).rule);
    expect(hl7).toMatchObject({ application: 'HL7 MLLP', ports: [2575] });
    expect(hl7.justification.examples).toEqual(['10.10.0.5 → 10.17.0.2 tcp/2575 ×1']);
  });

  it('does not learn a refused connection: a probe met by a reset stays denied', () => {
    const probe = { ...at('10.17.0.9', '10.10.0.5', 6, 3389), answered: false };
    const policy = asPolicy(generatePolicy([probe], new EndpointGroups([pump, laptop], zones, 'device')));
    expect(policy.rules.filter((rule) => rule.justification.basis === 'learned')).toEqual([]);
    expect(new PolicyEvaluator(policy).decide(probe).action).toBe('block');
  });

  it('marks for review a life-sustaining device reaching the Internet, and allows only the endpoint seen', () => {
    const window = [at('10.10.0.5', '198.51.100.7', 6, 443)];
    const policy = asPolicy(generatePolicy(window, new EndpointGroups([pump], zones, 'type')));
    const [allow] = policy.rules;
    expect(allow).toMatchObject({
      from: 'type_infusion_pump_in_icu',
      to: 'ext_198_51_100_7',
      action: 'allow',
    });
    expect(allow!.review).toMatch(/life-sustaining/);
    const evaluator = new PolicyEvaluator(policy);
    const elsewhere = evaluator.decide(at('10.10.0.5', '198.51.100.8', 6, 443));
    expect(policy.rules.find((rule) => rule.id === elsewhere.rule)?.justification.reason).toMatch(
      /vendor endpoints/,
    );
  });

  it("puts an analyst's group before the granularity, by MAC and by subnet", () => {
    const window = [at('10.17.0.9', '10.10.0.5', 6, 443), at('10.17.0.2', '10.10.0.5', 6, 443)];
    const defined = [
      { name: 'biomed laptops', cidrs: [], macs: laptop.macs },
      { name: 'servers', cidrs: ['10.17.0.0/29'], macs: [] },
    ];
    const policy = asPolicy(
      generatePolicy(window, new EndpointGroups([pump, server, laptop], zones, 'manufacturer', defined)),
    );
    expect(
      policy.groups.filter((group) => group.kind === 'defined').map((group) => [group.id, group.addresses]),
    ).toEqual([
      ['grp_biomed_laptops', ['10.17.0.9']],
      ['grp_servers', ['10.17.0.0/29']],
    ]);
    expect(policy.rules.slice(0, 2).map((rule) => `${rule.from} → ${rule.to}`)).toEqual([
      'grp_biomed_laptops → manufacturer_b_braun_in_icu',
      'grp_servers → manufacturer_b_braun_in_icu',
    ]);
  });

  it('groups by risk level within a zone when asked', () => {
    const calmPump: SegmentDevice = {
      ...pump,
      id: 'dev-000000000004',
      ips: ['10.10.0.6'],
      macs: ['00:1a:01:00:00:06'],
      riskLevel: 'low',
    };
    const window = [at('10.10.0.5', '10.17.0.2', 6, 2575), at('10.10.0.6', '10.17.0.2', 6, 2575)];
    const policy = asPolicy(
      generatePolicy(window, new EndpointGroups([pump, calmPump, server], zones, 'risk')),
    );
    expect(
      policy.rules.filter((rule) => rule.justification.basis === 'learned').map((rule) => rule.from),
    ).toEqual(['risk_critical_risk_in_icu', 'risk_low_risk_in_icu']);
  });
});
