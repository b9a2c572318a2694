/** What a CLI command may touch: arguments, output streams, and an injected clock for determinism. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** A progress line that overwrites itself on a terminal and is written once per call elsewhere. */
  progress(line: string): void;
  now(): Date;
}

export type CliCommand = {
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
};

/** Parses `--name value` and `--flag` options; everything else is positional. */
export function parseOptions(args: string[]): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (v !== undefined) options[k] = v;
      else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) options[k] = args[++i]!;
      else options[k] = true;
    } else positional.push(a);
  }
  return { positional, options };
}
