/**
 * Services people log in to and intruders move between hosts with, by TCP port: what password
 * guessing is aimed at and what lateral movement uses.
 */
export const remoteServices: ReadonlyMap<number, string> = new Map([
  [21, 'FTP'],
  [22, 'SSH'],
  [23, 'telnet'],
  [445, 'SMB'],
  [3389, 'RDP'],
  [5900, 'VNC'],
  [5985, 'WinRM'],
  [5986, 'WinRM'],
]);
