import { describe, expect, it } from 'vitest';
import { riskDevice } from '../../../test/support/risk-inputs.js';
import { windowsReleaseOf } from '../../inventory/windows-versions.js';
import { loadRiskModel } from '../../risk/risk-model.js';
import { scoreDevice } from '../../risk/score-device.js';
import { OsEndOfLife } from './os-end-of-life.js';

const releases = OsEndOfLife.load();

/** What the SMB fold writes for an NTLM version: `Windows 7 / Server 2008 R2 (6.1.7601)`. */
const fromNtlm = (version: string) => `${windowsReleaseOf(version)} (${version})`;

describe('operating-system end of life, kept as data', () => {
  it('dates every Windows release NTLM names up to Server 2022, each by its own entry', () => {
    const releaseOf = (version: string) => releases.lifecycleOf(fromNtlm(version), '2026-12-07')?.release;
    expect(
      [
        '5.0.2195',
        '5.1.2600',
        '5.2.3790',
        '6.0.6002',
        '6.1.7601',
        '6.2.9200',
        '6.3.9600',
        '10.0.14393',
        '10.0.17763',
        '10.0.20348',
        '10.0.10240',
      ].map(releaseOf),
    ).toEqual([
      'Windows 2000',
      'Windows XP',
      'Windows XP x64 / Server 2003',
      'Windows Vista / Server 2008',
      'Windows 7 / Server 2008 R2',
      'Windows 8 / Server 2012',
      'Windows 8.1 / Server 2012 R2',
      'Windows 10 1607 / Server 2016',
      'Windows 10 1809 / Server 2019',
      'Windows Server 2022',
      'Windows 10 (1507, LTSB 2015)',
    ]);
    // A Windows 10 of 1903 or later may be an IoT Enterprise LTSC supported into the 2030s: not dated.
    expect(releases.lifecycleOf(fromNtlm('10.0.19044'), '2026-12-07')).toBeUndefined();
    expect(releases.lifecycleOf('Linux (busybox udhcpc)', '2026-12-07')).toBeUndefined();
  });

  it('holds through the last day of updates and ends the day after', () => {
    const seven = fromNtlm('6.1.7601');
    expect(releases.lifecycleOf(seven, '2020-01-14')?.ended).toBe(false);
    expect(releases.lifecycleOf(seven, '2020-01-15')).toMatchObject({
      ended: true,
      endOfSecurityUpdates: '2020-01-14',
    });
    expect(releases.lifecycleOf(fromNtlm('10.0.14393'), '2026-12-07')?.ended).toBe(false);
  });

  it('explains the risk factor with the date, and keeps a still-supported release out of it', () => {
    const model = loadRiskModel();
    const factor = (system: string) =>
      scoreDevice(
        riskDevice({
          operatingSystems: [system],
          operatingSystemLifecycle: [releases.lifecycleOf(system, '2026-12-07')!],
        }),
        model,
      ).factors.find((entry) => entry.name === 'end-of-life operating system');
    expect(factor(fromNtlm('6.1.7601'))?.evidence).toBe(
      'Windows 7 / Server 2008 R2 (6.1.7601): security updates for Windows 7 / Server 2008 R2 ended 2020-01-14 (Microsoft Lifecycle Policy)',
    );
    expect(factor(fromNtlm('10.0.14393'))).toBeUndefined();
  });
});
