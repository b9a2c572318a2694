import { existsSync } from 'node:fs';

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

export interface ImportInput {
  file: string;
  options: Record<string, string | true>;
  dbFile: string;
}

/**
 * The start every import shares: `<file> [--db <intake.db>]` and the command's own options. `values` name options
 * that need a value; `files` name options whose value is another input file, checked like the first. Prints the
 * usage (returns 2) or the files not found (returns 1), or returns the input.
 */
export function importInput(args: string[], io: CliIo, usage: string, opts: { values?: string[]; files?: string[] } = {}): ImportInput | number {
  const { positional, options } = parseOptions(args);
  const file = positional[0];
  const fileOptions = opts.files ?? [];
  if (!file || ['db', ...(opts.values ?? []), ...fileOptions].some((k) => options[k] === true)) {
    io.err(`Usage: ${usage}`);
    return 2;
  }
  const named = fileOptions.map((k) => options[k]).filter((v): v is string => typeof v === 'string');
  const missing = [file, ...named].filter((f) => !existsSync(f));
  if (missing.length) {
    io.err(`File not found: ${missing.join(', ')}. Nothing was changed.`);
    return 1;
  }
  return { file, options, dbFile: typeof options.db === 'string' ? options.db : 'intake.db' };
}
