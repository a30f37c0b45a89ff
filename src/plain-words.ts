/** `a pump`, `an infusion pump`, `an administrative device`, `an X-ray`, `an MR scanner`, `a PACS`. */
export function withArticle(phrase: string): string {
  const acronym = /^[A-Z]{2,}\b/.exec(phrase);
  const soundsLikeVowel =
    acronym !== null
      ? /^[AEFHILMNORSX]/.test(phrase)
      : /^X-/.test(phrase) || (/^[aeiou]/i.test(phrase) && !/^(?:uni|use|eu)/i.test(phrase));
  return `${soundsLikeVowel ? 'an' : 'a'} ${phrase}`;
}
