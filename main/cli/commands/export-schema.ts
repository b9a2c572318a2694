import { writeFileSync } from 'node:fs';
import { scriptPackageJsonSchema } from '../../../scripts-content';
import type { CliCommand } from '../io';

export const command: CliCommand = {
  summary: 'Write the script package JSON Schema (for editors) to scripts-content/script-package.schema.json or a given path',
  usage: 'export-schema [out.json]',
  async run(args, io) {
    const out = args[0] ?? new URL('../../../scripts-content/script-package.schema.json', import.meta.url).pathname;
    writeFileSync(out, `${JSON.stringify(scriptPackageJsonSchema(), null, 2)}\n`);
    io.out(`Wrote ${out}`);
    return 0;
  },
};
