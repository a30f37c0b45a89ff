// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controlCharacters = /[\u0000-\u001f\u007f]/g;

/**
 * Text a device sent, made safe to store and show: control characters (which could rewrite a
 * terminal or forge log lines) become U+FFFD, and the length is capped.
 */
export function printableText(text: string, maxLength = 512): string {
  // Most text is clean: checking it character by character avoids a regular expression and a copy.
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return text.replace(controlCharacters, '\ufffd').slice(0, maxLength);
  }
  return text.length > maxLength ? text.slice(0, maxLength) : text;
}
