/** Telnet command bytes (RFC 854). */
export const TelnetByte = {
  se: 240,
  sb: 250,
  will: 251,
  wont: 252,
  do: 253,
  dont: 254,
  iac: 255,
} as const;

/** The telnet port and the one IoT and embedded devices often use instead. */
export const telnetPorts = [23, 2323];

/** Longest line kept; terminal output can be longer and is cut, not refused. */
export const maxLineLength = 512;
/** Server lines read before a login prompt, for the banner (issue.net, a product name). */
export const maxBannerLines = 8;

/**
 * What login programs print: `host login:`, `Username:`, `User Name :`, `Password:`. A prompt is
 * matched while it may still be arriving, so `Last login:` (the start of a greeting) is excluded.
 */
export const usernamePrompt = /(?:^|\s|^(?<host>\S+) )(?<!last )(?:login|user ?name|user)\s*:\s*$/i;
export const passwordPrompt = /pass(?:word|code)?\s*:\s*$/i;
export const rejection = /incorrect|fail|denied|invalid|bad password|authentication error/i;
/** Login tries reported per connection; login(1) allows five, a device's shell rarely more. */
export const maxLoginAttempts = 32;
