/** What the command-line tools (npm run tag, npm run digest) share about reading their arguments. */

export interface UsageIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * The parsed arguments, or the exit code when there is nothing more to do: a parse error goes to stderr with the
 * usage (2, as for any misuse of a command), --help prints the usage on stdout (0).
 */
export function argsOrExitCode<A extends { mode: string }>(
  parsed: A | string,
  usage: string,
  io: UsageIo,
): A | number {
  if (typeof parsed === 'string') {
    io.stderr.write(`${parsed}\n${usage}`);
    return 2;
  }
  if (parsed.mode === 'help') {
    io.stdout.write(usage);
    return 0;
  }
  return parsed;
}

/** The value given after the option at argv[i], or undefined when it is missing (the next word is another option). */
export function optionValue(argv: readonly string[], i: number): string | undefined {
  const value = argv[i + 1];
  return value && !value.startsWith('--') ? value : undefined;
}
