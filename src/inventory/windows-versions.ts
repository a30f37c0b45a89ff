/**
 * Windows releases by the version numbers their network stacks report (NTLMSSP VERSION, SMB1
 * native OS `Windows 5.1`). Client and server editions share numbers; the build tells Windows 10
 * releases and Server 2016/2019/2022 apart where Microsoft's release tables do.
 */
const releasesByMajorMinor: Readonly<Record<string, string>> = {
  '5.0': 'Windows 2000',
  '5.1': 'Windows XP',
  '5.2': 'Windows XP x64 / Server 2003',
  '6.0': 'Windows Vista / Server 2008',
  '6.1': 'Windows 7 / Server 2008 R2',
  '6.2': 'Windows 8 / Server 2012',
  '6.3': 'Windows 8.1 / Server 2012 R2',
};

const windows10Builds: readonly [number, string][] = [
  [26100, 'Windows 11 24H2 / Server 2025'],
  [22000, 'Windows 11'],
  [20348, 'Windows Server 2022'],
  [18362, 'Windows 10 1903 or later'],
  [17763, 'Windows 10 1809 / Server 2019'],
  [14393, 'Windows 10 1607 / Server 2016'],
  [10240, 'Windows 10'],
];

/**
 * The Windows release for `major.minor[.build]`, e.g. `6.1.7601` → `Windows 7 / Server 2008 R2`.
 * Undefined for numbers no Windows release used (Samba reports `6.1` with build 0, so a zero
 * build is not taken as Windows).
 */
export function windowsReleaseOf(version: string): string | undefined {
  const [major, minor, build] = version.split('.').map(Number);
  if (build === 0) return undefined;
  if (major === 10 && minor === 0) {
    if (build === undefined) return 'Windows 10 or later';
    return windows10Builds.find(([first]) => build >= first)?.[1] ?? 'Windows 10';
  }
  return releasesByMajorMinor[`${major}.${minor}`];
}
