/**
 * DHCP stacks by the option-55 parameter request list they send, in its exact order: the list
 * is compiled into each client, so the order tells stacks apart even when the options are the
 * same. Few entries, each either recorded from the Debian package named (the tests record them
 * again) or the list vendor stacks have sent across releases as published by open fingerprint
 * databases (Fingerbank, Satori). An operating system inferred this way is a hint: embedded
 * devices often reuse a general-purpose stack.
 */
const stacksByRequestList: ReadonlyMap<string, string> = new Map([
  // busybox udhcpc with its default request set (recorded: Debian busybox 1.35).
  ['1,3,6,12,15,28,42', 'Linux (busybox udhcpc)'],
  // ISC dhclient with Debian's default dhclient.conf (recorded: isc-dhcp-client 4.4.3).
  ['1,28,2,3,15,6,119,12,44,47,26,121,42', 'Linux (ISC dhclient)'],
  ['1,3,6,15,31,33,43,44,46,47,119,121,249,252', 'Windows 10 / 11'],
  ['1,15,3,6,44,46,47,31,33,121,249,43,252', 'Windows 7 / 8'],
  ['1,15,3,6,44,46,47,31,33,121,249,43', 'Windows XP SP3 / Vista / 7'],
  ['1,15,3,6,44,46,47,31,33,249,43', 'Windows XP'],
  ['1,121,3,6,15,119,252', 'Apple iOS'],
  ['1,121,3,6,15,119,252,95,44,46', 'Apple macOS'],
  ['1,3,6,15,26,28,51,58,59,43', 'Android'],
  ['1,3,6,15,26,28,51,58,59,43,114', 'Android'],
]);

/** The DHCP stack a parameter request list (as `1,3,6,…`) comes from, if it is a known one. */
export function dhcpStackOf(parameterRequestList: string): string | undefined {
  return stacksByRequestList.get(parameterRequestList);
}
