/** The names a server on this machine answers to without being told more. */
export const loopbackHosts = ['localhost', '127.0.0.1', '::1'] as const;

/**
 * The host name of a Host header, lower-cased and without its port (`[::1]:8080` → `::1`), or
 * null when there is none.
 */
export function hostName(header: string | undefined): string | null {
  if (header === undefined || header === '') return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return header.replace(/:\d+$/, '').toLowerCase();
}

/**
 * The Host names a request may carry: the loopback names, the address the server listens on and
 * the public names it is reached by (`--public-host`). Checking every request against them stops
 * DNS rebinding: a page on another name that resolves to this server is refused, whatever its
 * Origin says about itself.
 */
export function allowedHostSet(
  listenHost: string | undefined,
  publicHosts: readonly string[] = [],
): Set<string> {
  const hosts = new Set<string>(loopbackHosts);
  for (const host of [listenHost, ...publicHosts]) {
    const name = hostName(host);
    // Listening on every address names none of them: only the public names are then allowed.
    if (name !== null && name !== '0.0.0.0' && name !== '::') hosts.add(name);
  }
  return hosts;
}
