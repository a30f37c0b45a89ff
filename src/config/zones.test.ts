import { describe, expect, it } from 'vitest';
import { zoneOf } from './zones.js';

const zones = [
  { name: 'ICU', cidr: '10.10.0.0/16' },
  { name: 'ICU monitors', cidr: '10.10.4.0/24' },
];

describe('zoneOf', () => {
  it('takes the most specific configured subnet', () => {
    expect(zoneOf('10.10.0.12', zones)).toBe('ICU');
    expect(zoneOf('10.10.4.9', zones)).toBe('ICU monitors');
  });

  it('puts other private addresses in their /24, public ones in the Internet, and no-host addresses nowhere', () => {
    expect(zoneOf('192.168.7.20', zones)).toBe('192.168.7.0/24');
    expect(zoneOf('198.51.100.211', zones)).toBe('Internet');
    for (const address of ['255.255.255.255', '239.255.255.250', '224.0.0.251', '0.0.0.0', 'fe80::1', null])
      expect(zoneOf(address, zones), String(address)).toBeNull();
  });
});
