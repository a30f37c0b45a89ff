// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controlCharacters = /[\u0000-\u001f\u007f]/g;

/**
 * Text a device sent, made safe to store and show: control characters (which could rewrite a
 * terminal or forge log lines) become U+FFFD, and the length is capped.
 */
export function printableText(text: string, maxLength = 512): string {
  return text.replace(controlCharacters, '\ufffd').slice(0, maxLength);
}
