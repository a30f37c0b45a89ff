import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../../test/support/temporary-store.js';
import { OuiRegistry, tidyOrganization } from './oui-registry.js';

describe('OuiRegistry', () => {
  it('names a MA-L vendor from the bundled table alone', () => {
    const registry = OuiRegistry.load({ ieeeDataDirectory: '/nonexistent' });
    expect(registry.lookup('00:1A:01:00:00:01')).toMatchObject({
      registry: 'MA-L',
      organization: expect.stringMatching(/\w/),
    });
    expect(registry.lookup('00-1a-01-00-00-01')).toEqual(registry.lookup('001a.0100.0001'));
  });

  it('prefers the longest prefix, so MA-M and MA-S blocks name their real owners', () => {
    const directory = temporaryDirectory('vigil-oui-');
    const path = join(directory, 'newer.csv');
    writeFileSync(
      path,
      [
        'Registry,Assignment,Organization Name,Organization Address',
        'MA-L,ABCDEF,Parent Networks,"1 Road, Town"',
        'MA-M,ABCDEF1,Middle Medical,Somewhere',
        'MA-S,ABCDEF123,"Small Devices, Inc.",Elsewhere',
      ].join('\n'),
    );
    const registry = OuiRegistry.load({ ieeeDataDirectory: '/nonexistent', extraCsvPaths: [path] });
    expect(registry.lookup('ab:cd:ef:12:34:56')).toMatchObject({
      organization: 'Small Devices, Inc.',
      registry: 'MA-S',
      source: path,
    });
    expect(registry.lookup('ab:cd:ef:1f:00:00')).toMatchObject({
      organization: 'Middle Medical',
      registry: 'MA-M',
    });
    expect(registry.lookup('ab:cd:ef:ff:00:00')).toMatchObject({
      organization: 'Parent Networks',
      registry: 'MA-L',
    });
  });

  it('rejects a malformed CSV naming the file and line', () => {
    const directory = temporaryDirectory('vigil-oui-');
    const path = join(directory, 'bad.csv');
    writeFileSync(path, 'Registry,Assignment,Organization Name\nMA-L,not-hex,Someone\n');
    expect(() => OuiRegistry.load({ ieeeDataDirectory: '/nonexistent', extraCsvPaths: [path] })).toThrow(
      `${path}: line 2`,
    );
  });
});

describe('tidyOrganization', () => {
  it('drops what the registry cut inside an unclosed parenthesis, and keeps whole names', () => {
    expect(tidyOrganization('Philips Medical Systems - Cardiac and Monitoring Systems (CM')).toBe(
      'Philips Medical Systems - Cardiac and Monitoring Systems',
    );
    expect(tidyOrganization('  Becton, Dickinson and Company ')).toBe('Becton, Dickinson and Company');
    expect(tidyOrganization('Fresenius Kabi (Vial) SAS')).toBe('Fresenius Kabi (Vial) SAS');
  });

  it('gives the bundled registry whole names', () => {
    const registry = new OuiRegistry();
    registry.addBundled();
    const philips = registry.lookup('00:09:5c:00:00:01')?.organization;
    expect(philips).toBeDefined();
    expect(philips).not.toMatch(/\([^)]*$/);
  });
});
