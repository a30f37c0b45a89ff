/** The fields of a CPE name that matching reads. */
export interface CpeName {
  /** `a` application, `o` operating system, `h` hardware. */
  part: string;
  vendor: string;
  product: string;
  /** `*` (any) or `-` (not applicable) when the name gives none. */
  version: string;
  /** The update field (`p1` of OpenSSH 9.3p1, `sp2`), `*` or `-` when none. */
  update: string;
}

/**
 * Reads a CPE 2.3 formatted string (NISTIR 7695 §6.2: `cpe:2.3:h:ge:signa_premier:*:…`, with
 * `\` quoting) or a CPE 2.2 URI (`cpe:/a:vendor:product:version`); null for anything else.
 *
 * @example
 * parseCpe('cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*') // { part: 'a', vendor: 'offis', product: 'dcmtk', version: '3.6.6', update: '*' }
 */
export function parseCpe(text: string): CpeName | null {
  if (text.startsWith('cpe:2.3:')) {
    const fields: string[] = [];
    let current = '';
    for (let index = 8; index < text.length; index += 1) {
      const character = text[index] as string;
      if (character === '\\' && index + 1 < text.length) {
        current += text[index + 1];
        index += 1;
      } else if (character === ':') {
        fields.push(current);
        current = '';
      } else {
        current += character;
      }
    }
    fields.push(current);
    if (fields.length < 4 || !/^[aoh*]$/.test(fields[0] as string)) return null;
    return {
      part: fields[0] as string,
      vendor: fields[1] as string,
      product: fields[2] as string,
      version: fields[3] as string,
      update: fields[4] ?? '*',
    };
  }
  if (text.startsWith('cpe:/')) {
    const fields = text
      .slice(5)
      .split(':')
      .map((field) => decodeURIComponent(field));
    if (fields.length < 3) return null;
    return {
      part: fields[0] as string,
      vendor: fields[1] as string,
      product: fields[2] as string,
      version: fields[3] === undefined || fields[3] === '' ? '*' : fields[3],
      update: fields[4] === undefined || fields[4] === '' ? '*' : fields[4],
    };
  }
  return null;
}

/** A CPE field as words: `signa_premier` → `signa premier`. */
export function cpeFieldWords(field: string): string {
  return field.replace(/[_]+/g, ' ');
}
