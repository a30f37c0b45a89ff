import { describe, expect, it } from 'vitest';
import type { Detection } from '../src/detect/detection.js';
import { recordAlerts } from '../src/detect/record-alerts.js';
import { temporarySqliteStore } from './support/temporary-store.js';
import { vigilOn } from './support/vigil-cli.js';

function scan(source: string, count: number): Detection {
  return {
    type: 'port-scan',
    key: source,
    severity: 'medium',
    techniques: ['T0846', 'T1046'],
    summary: `${source} probed ports`,
    remedy: 'Find who scans.',
    sources: [{ ip: source, mac: undefined }],
    targets: [{ ip: '10.20.1.5', mac: undefined }],
    firstSeenMs: Date.parse('2026-12-01T10:00:00Z'),
    lastSeenMs: Date.parse('2026-12-01T10:05:00Z'),
    count,
    evidence: [],
    detail: {},
  };
}

describe('suppression rules', () => {
  it('hold back the alerts they cover, count them, and end on their day', async () => {
    const store = await temporarySqliteStore();
    const vigil = vigilOn(store.location);
    try {
      const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      const added = vigil(
        'suppress',
        'add',
        '--type',
        'port-scan',
        '--source',
        '10.20.9.0/24',
        '--owner',
        'netops',
        '--reason',
        'weekly Nessus scan',
        '--until',
        until,
        '--by',
        'a.keller',
      );
      expect(added.status).toBe(0);
      const id = added.stdout.trim();
      expect(id).toMatch(/^sup-[0-9a-f]{8}$/);
      const now = Date.now();
      const first = await recordAlerts(store, [scan('10.20.9.7', 300), scan('10.20.4.66', 40)], now, 20);
      expect(first.raised.map((alert) => alert.key)).toEqual(['10.20.4.66']);
      expect(first.suppressed).toBe(300);
      const rules = JSON.parse(vigil('suppress', 'list', '--json').stdout);
      expect(rules[0]).toMatchObject({ id, hits: 300, owner: 'netops', source: '10.20.9.0/24' });
      // After its last day the rule no longer holds.
      const later = Date.parse(`${until}T00:00:00Z`) + 2 * 86_400_000;
      expect(
        (await recordAlerts(store, [scan('10.20.9.7', 5)], later, 20)).raised.map((alert) => alert.key),
      ).toEqual(['10.20.9.7']);
      const removed = vigil('suppress', 'remove', id, '--by', 'a.keller');
      expect(removed.stdout).toContain('it had held back 300 detections');
      const audit = await store.audit.list(10);
      expect(audit.map((row) => row.action)).toEqual(
        expect.arrayContaining(['suppression-added', 'suppression-removed']),
      );
    } finally {
      await store.close();
    }
  });

  it('refuses a rule without an end, an owner, a known type or a source or target to narrow it', async () => {
    const store = await temporarySqliteStore();
    const vigil = vigilOn(store.location);
    try {
      const next = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const refused = (...args: string[]) => {
        const run = vigil('suppress', 'add', '--owner', 'netops', '--reason', 'scanner', ...args);
        expect(run.status).not.toBe(0);
        return run.stderr;
      };
      expect(refused('--type', '*', '--until', next)).toMatch(/needs a source or a target/);
      expect(refused('--type', 'port-scan', '--until', '2020-01-01')).toMatch(
        /--until: 2020-01-01 is in the past/,
      );
      expect(refused('--type', 'port-scan', '--until', '2099-01-01')).toMatch(/at most 366 days/);
      expect(refused('--type', 'portscan', '--until', next)).toMatch(
        /--type: expected \* or one of port-scan/,
      );
      expect(refused('--type', 'port-scan', '--source', 'pacs', '--until', next)).toMatch(
        /--source: expected an IP address/,
      );
    } finally {
      await store.close();
    }
  });
});
