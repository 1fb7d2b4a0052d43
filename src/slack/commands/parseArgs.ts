/** Splits command text into words, keeping "quoted phrases" and “curly-quoted phrases” (as phones type them) whole. */
export function parseArgs(text: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|“([^”]*)”|(\S+)/g;
  for (const m of text.matchAll(pattern)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/** Returns the subcommand (lower case) and what follows it, as typed. */
export function splitSubcommand(text: string): { name: string; rest: string } {
  const trimmed = text.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) return { name: '', rest: '' };
  return { name: match[1]!.toLowerCase(), rest: match[2] ?? '' };
}
