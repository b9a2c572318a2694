import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliCommand, CliIo } from './io';

/**
 * `npm run intake -- <command> [args]`. Each command is one module in ./commands named after it
 * (e.g. commands/import-offices.ts), exporting `command: CliCommand`. Adding a command never edits this file.
 */
const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

export function listCommands(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => /^[a-z][a-z-]*\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}

export async function loadCommand(name: string): Promise<CliCommand | null> {
  if (!listCommands().includes(name)) return null;
  const mod = (await import(pathToFileURL(join(commandsDir, `${name}.ts`)).href)) as { command: CliCommand };
  return mod.command;
}

export const processIo: CliIo = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  progress: (l) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${l}\x1b[K`);
    else process.stderr.write(`${l}\n`);
  },
  now: () => new Date(),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    processIo.out('Usage: npm run intake -- <command> [arguments]\n\nCommands:');
    for (const c of listCommands()) {
      const cmd = await loadCommand(c);
      processIo.out(`  ${c.padEnd(24)} ${cmd?.summary ?? ''}`);
    }
    return name ? 0 : 1;
  }
  const cmd = await loadCommand(name);
  if (!cmd) {
    processIo.err(`Unknown command "${name}". Run "npm run intake -- help" for the list.`);
    return 2;
  }
  return cmd.run(rest, processIo);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      processIo.err(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
