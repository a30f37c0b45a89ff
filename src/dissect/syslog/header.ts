/** The header of a syslog message: never the free text after it, which may carry patient data. */
export interface SyslogHeader {
  format: 'rfc5424' | 'rfc3164';
  facility: number;
  severity: number;
  hostname: string | undefined;
  appName: string | undefined;
}

const nilValue = '-';
/** RFC 3164 §4.1.2: `Mmm dd hh:mm:ss` (the day padded with a space). */
const bsdTimestamp = /^[A-Z][a-z]{2} [ 0-9]\d \d{2}:\d{2}:\d{2} /;

/**
 * Parses `<PRI>` and what follows it as RFC 5424 (`1 TIMESTAMP HOST APP …`) or, failing that,
 * RFC 3164 (`Mmm dd hh:mm:ss HOST TAG: …`). Undefined when there is no valid PRI (RFC 5424 §6.2.1).
 */
export function parseSyslogHeader(text: string): SyslogHeader | undefined {
  const priority = /^<(\d{1,3})>/.exec(text);
  if (priority === null) return undefined;
  const value = Number(priority[1]);
  if (value > 191) return undefined;
  const rest = text.slice(priority[0].length);
  const base = { facility: value >> 3, severity: value & 7 };
  const structured = /^1 (\S+) (\S+) (\S+) /.exec(rest);
  if (structured !== null) {
    return {
      format: 'rfc5424',
      ...base,
      hostname: nilToUndefined(structured[2]!),
      appName: nilToUndefined(structured[3]!),
    };
  }
  if (!bsdTimestamp.test(rest))
    return { format: 'rfc3164', ...base, hostname: undefined, appName: undefined };
  const afterTimestamp = rest.slice(16);
  const [hostname, tag] = afterTimestamp.split(' ', 2);
  const appName = tag === undefined ? undefined : /^[^:[\s]+/.exec(tag)?.[0];
  return { format: 'rfc3164', ...base, hostname: hostname || undefined, appName };
}

function nilToUndefined(value: string): string | undefined {
  return value === nilValue ? undefined : value;
}
