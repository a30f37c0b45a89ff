import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Detection } from './detection.js';
import { compareText, copyDetection, maxListed, mergeDetection } from './merge-detection.js';

const maxEvidence = 5;

const party = fc.record({
  ip: fc.option(fc.constantFrom('10.0.0.9', '10.0.0.10', '10.0.0.100', 'fe80::1'), { nil: undefined }),
  mac: fc.option(fc.constantFrom('00:00:5e:00:53:01', '00:00:5e:00:53:02'), { nil: undefined }),
});

const evidence = fc.record({
  capture: fc.constantFrom('span-2.pcap', 'span-10.pcap'),
  packetNumber: fc.integer({ min: 1, max: 40 }),
  fileOffset: fc.constant(24),
  seen: fc.option(
    fc
      .integer({ min: 0, max: 5 })
      .map((second) => new Date(Date.UTC(2026, 11, 7, 4, 0, second)).toISOString()),
    { nil: undefined },
  ),
  note: fc.constantFrom('SYN to 10.0.0.5:443', 'login refused for biomed', 'a\u0000b', 'ab'),
});

const report: fc.Arbitrary<Detection> = fc.record({
  type: fc.constant('port-scan'),
  key: fc.constant('10.0.0.9'),
  severity: fc.constantFrom('low', 'medium', 'high'),
  techniques: fc.constant(['T0846', 'T1046']),
  summary: fc.constant('a scan'),
  remedy: fc.constant('find the scanner'),
  sources: fc.array(party, { maxLength: 2 }),
  targets: fc.array(party, { maxLength: 4 }),
  firstSeenMs: fc.integer({ min: 0, max: 10_000 }),
  lastSeenMs: fc.integer({ min: 10_000, max: 20_000 }),
  count: fc.integer({ min: 1, max: 9 }),
  evidence: fc.array(evidence, { maxLength: 4 }),
  detail: fc.record({
    ports: fc.array(fc.constantFrom('22/tcp', '8/tcp', '104/tcp', '2575/tcp'), { maxLength: 3 }),
  }),
});

/** The alert the reports make when merged in this order, as `record-alerts` and the stage merge them. */
function mergedInOrder(reports: readonly Detection[]): Detection {
  const [first, ...rest] = reports;
  const merged = copyDetection(first as Detection, maxEvidence);
  for (const next of rest) mergeDetection(merged, next, maxEvidence);
  return merged;
}

describe('the order alerts list text in', () => {
  it('compares runs of digits as numbers and tells apart all distinct text', () => {
    const sorted = ['10.0.0.10', '10.0.0.9', '8', '64', 'ICU', 'data centre', '007', '7'].sort(compareText);
    expect(sorted).toEqual(['007', '7', '8', '10.0.0.9', '10.0.0.10', '64', 'ICU', 'data centre']);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        expect(Math.sign(compareText(a, b)) + Math.sign(compareText(b, a))).toBe(0);
        expect(compareText(a, b) === 0).toBe(a === b);
        if (compareText(a, b) < 0 && compareText(b, c) < 0) expect(compareText(a, c)).toBeLessThan(0);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[0-9a.]{0,6}$/), { maxLength: 8 }), (values) => {
        const once = [...values].sort(compareText);
        expect([...once].reverse().sort(compareText)).toEqual(once);
      }),
    );
  });
});

describe('merging reports into an alert', () => {
  it('lists the same parties, values and evidence whatever order the reports arrive in', () => {
    fc.assert(
      fc.property(
        fc.array(report, { minLength: 2, maxLength: 6 }),
        fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
        (reports, swaps) => {
          const shuffled = [...reports];
          for (const [index, swap] of swaps.entries()) {
            const a = index % shuffled.length;
            const b = swap % shuffled.length;
            [shuffled[a], shuffled[b]] = [shuffled[b] as Detection, shuffled[a] as Detection];
          }
          const inOrder = mergedInOrder(reports);
          const reordered = mergedInOrder(shuffled);
          // The MAC a shared address is listed with stays the first one given.
          const withoutMacs = (detection: Detection) => ({
            ...detection,
            sources: detection.sources.map((listed) => listed.ip ?? listed.mac),
            targets: detection.targets.map((listed) => listed.ip ?? listed.mac),
          });
          expect(withoutMacs(reordered)).toEqual(withoutMacs(inOrder));
          expect(inOrder.evidence.length).toBeLessThanOrEqual(maxEvidence);
        },
      ),
    );
  });

  it('keeps the earliest packets, and orders numbers inside text as numbers', () => {
    const at = (second: number) => new Date(Date.UTC(2026, 11, 7, 4, 0, second)).toISOString();
    const packet = (packetNumber: number, second: number) => ({
      capture: 'span.pcap',
      packetNumber,
      fileOffset: 24,
      seen: at(second),
      note: `packet ${packetNumber}`,
    });
    const base = {
      type: 'ransomware-smb',
      key: '10.0.0.9',
      severity: 'critical' as const,
      techniques: ['T0882'],
      summary: '',
      remedy: '',
      sources: [{ ip: '10.0.0.9', mac: undefined }],
      firstSeenMs: 0,
      lastSeenMs: 0,
      count: 1,
    };
    const later = {
      ...base,
      targets: [{ ip: '10.0.0.10', mac: undefined }],
      evidence: [packet(300, 30)],
      detail: { filesWritten: ['64'] },
    };
    const earlier = {
      ...base,
      targets: [{ ip: '10.0.0.9', mac: undefined }],
      evidence: [packet(100, 10), packet(200, 20)],
      detail: { filesWritten: ['8'] },
    };
    const merged = copyDetection(later);
    mergeDetection(merged, earlier, 2);
    expect(merged.evidence.map((kept) => kept.packetNumber)).toEqual([100, 200]);
    expect(merged.detail.filesWritten).toEqual(['8', '64']);
    expect(merged.targets.map((target) => target.ip)).toEqual(['10.0.0.9', '10.0.0.10']);
    expect(merged.count).toBe(2);
  });

  it('lists at most maxListed targets, the same ones whatever the order', () => {
    const scan = (from: number, to: number): Detection => ({
      type: 'host-sweep',
      key: '10.0.0.9',
      severity: 'medium',
      techniques: ['T0846'],
      summary: '',
      remedy: '',
      sources: [{ ip: '10.0.0.9', mac: undefined }],
      targets: Array.from({ length: to - from }, (_, index) => ({
        ip: `10.1.${Math.floor((from + index) / 250)}.${(from + index) % 250}`,
        mac: undefined,
      })),
      firstSeenMs: 0,
      lastSeenMs: 0,
      count: to - from,
      evidence: [],
      detail: {},
    });
    const forwards = copyDetection(scan(0, 200));
    mergeDetection(forwards, scan(200, 400), 5);
    const backwards = copyDetection(scan(200, 400));
    mergeDetection(backwards, scan(0, 200), 5);
    expect(forwards.targets).toHaveLength(maxListed);
    expect(backwards.targets).toEqual(forwards.targets);
    expect(forwards.count).toBe(400);
  });
});
