import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { loadRiskModel } from '../src/risk/risk-model.js';
import { EventHub } from '../src/server/events/event-hub.js';
import { buildSummaries } from '../src/server/summaries/build-summaries.js';
import { SummaryRefresher } from '../src/server/summaries/summary-refresher.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { Store } from '../src/store/open-store.js';
import { storeBackends, temporaryDirectory } from './support/temporary-store.js';

/**
 * A live server follows commits per changed device: a device a commit only saw again has its
 * sightings moved into its row as they are, a device the commit changed (an attribute, finding
 * or protocol it did not hold, or a pair of addresses its flows never joined) has its row
 * rebuilt. Either way the rows equal a full build of the same store.
 */

const backends = await storeBackends();
const days: string[] = [];
const hospital = { devices: 40, durationSeconds: 300, seed: 11 };

beforeAll(() => {
  const directory = temporaryDirectory('vigil-follow-');
  for (const day of [0, 1]) {
    const out = join(directory, `day-${day}.pcapng`);
    simulateHospital({ ...hospital, day, out });
    days.push(out);
  }
}, 60_000);

const ingest = (store: Store, capture: string) =>
  ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });

async function expectRowsAsFullBuild(store: Store, refresher: SummaryRefresher): Promise<void> {
  const full = await buildSummaries(store, loadRiskModel(), []);
  expect(refresher.inventory.size).toBe(full.length);
  for (const row of full) expect(refresher.inventory.find(row.deviceId), row.deviceId).toEqual(row);
}

for (const backend of backends.filter((candidate) => candidate.enabled)) {
  describe(`following commits on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ store, drop } = await backend.open());
    }, 60_000);
    afterAll(async () => drop?.());

    it('stamps a device as changed only when a commit changes what it is', async () => {
      await ingest(store, days[0]!);
      const before = await store.devices.sightings();
      const committedBefore = new Map(
        (await store.devices.committedSince('', 100_000)).map((row) => [row.id, row.committedAt]),
      );
      // The same packets again: every device is written, none is changed.
      await ingest(store, days[0]!);
      const again = await store.devices.committed([...before.keys()]);
      expect(again.length).toBe(before.size);
      for (const row of again) {
        expect(row.committedAt > committedBefore.get(row.id)!, row.id).toBe(true);
        expect(row.changedAt, row.id).toBe(before.get(row.id)!.changedAt);
      }
    }, 120_000);

    it('moves the sightings of devices only seen again, rebuilds changed ones, and equals a full build', async () => {
      const refresher = new SummaryRefresher(store, loadRiskModel(), [], new EventHub(), {
        commitLookBackMs: 0,
        summaryMaxAgeMs: 60 * 60 * 1000,
        agedRowsPerFollow: 100,
      });
      await refresher.ensureFresh();
      await expectRowsAsFullBuild(store, refresher);
      const stored = new Map((await store.summaries.all()).map((row) => [row.deviceId, row]));

      // The next day of the same hospital: the devices again, later, some with something new.
      await ingest(store, days[1]!);
      const followed = await refresher.followCommits();
      expect(followed).toBe(refresher.inventory.size);
      const { rebuilt } = refresher.lastFollow;
      expect(rebuilt, 'some devices changed').toBeGreaterThan(0);
      expect(rebuilt, 'some were only seen again').toBeLessThan(followed);
      await expectRowsAsFullBuild(store, refresher);

      // A sensor's commit that only sees devices again moves their sightings, nothing else; a
      // server started then loads the stored rows, whose sightings are those of their last build.
      await refresher.ensureFresh();
      const seenAgain = [...stored.keys()].filter((_, index) => index % 3 === 0);
      // A minute after the latest sighting: whether each other device is online stays as it was.
      const latest = Math.max(
        ...[...(await store.devices.sightings()).values()].map((seen) => Date.parse(seen.lastSeen)),
      );
      const at = new Date(latest + 60_000).toISOString();
      await store.db
        .updateTable('devices')
        .set({ last_seen: at, committed_at: new Date().toISOString() })
        .where('id', 'in', seenAgain)
        .execute();
      expect(await refresher.followCommits()).toBe(seenAgain.length);
      expect(refresher.lastFollow.rebuilt).toBe(0);
      for (const id of seenAgain) expect(refresher.inventory.find(id)?.lastSeen).toBe(at);
      await expectRowsAsFullBuild(store, refresher);
      const restarted = new SummaryRefresher(store, loadRiskModel(), [], new EventHub());
      expect(await restarted.ensureFresh(), 'the stored rows are loaded, not rebuilt').toBe(false);
      await expectRowsAsFullBuild(store, restarted);
    }, 180_000);
  });
}
