import { describe, expect, it } from 'vitest';
import { windowsReleaseOf } from './windows-versions.js';

describe('windowsReleaseOf', () => {
  it('names releases by major.minor and, for 10.0, by build', () => {
    expect(windowsReleaseOf('5.1.2600')).toBe('Windows XP');
    expect(windowsReleaseOf('6.1.7601')).toBe('Windows 7 / Server 2008 R2');
    expect(windowsReleaseOf('10.0.17763')).toBe('Windows 10 1809 / Server 2019');
    expect(windowsReleaseOf('10.0.19045')).toBe('Windows 10 1903 or later');
    expect(windowsReleaseOf('10.0.22631')).toBe('Windows 11');
  });

  it('does not take a zero build (Samba) or unknown numbers for Windows', () => {
    expect(windowsReleaseOf('6.1.0')).toBeUndefined();
    expect(windowsReleaseOf('7.3.100')).toBeUndefined();
  });
});
