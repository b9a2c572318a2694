import { loadPackageFile, ScriptPackageError } from '../../content/scriptRegistry';
import type { CliCommand } from '../io';

export const command: CliCommand = {
  summary: 'Validate and lint a script package (default: the shipped v1); exits 1 on any problem',
  usage: 'lint-script [package-folder | manifest.json]',
  async run(args, io) {
    const file = args[0] ?? new URL('../../../scripts-content/v1', import.meta.url).pathname;
    const t0 = performance.now();
    try {
      const { pkg, hash } = loadPackageFile(file);
      const questions = pkg.sections.reduce((n, s) => n + s.questions.length, 0);
      io.out(`OK ${pkg.scriptId} ${pkg.version} (${questions} questions, ${pkg.benefits.length} benefits, ${pkg.evidenceCatalogue.length} evidence items) sha256 ${hash.slice(0, 16)}… in ${(performance.now() - t0).toFixed(1)} ms`);
      return 0;
    } catch (e) {
      if (e instanceof ScriptPackageError) {
        io.err(e.message);
        return 1;
      }
      throw e;
    }
  },
};
