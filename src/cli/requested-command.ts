/** The command word of an argument list (`vigil help devices` asks about `devices`). */
export function requestedCommand(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((word) => !word.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}
