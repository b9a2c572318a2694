import { readFileSync } from 'node:fs';
import { ScenarioError, playScenario } from '../../scenarios/play';
import { parseOptions, type CliCommand } from '../io';

export const command: CliCommand = {
  summary: 'Play a scenario file through the real machine and store and print the claim record as JSON',
  usage: 'play <scenario.json> [--db file.db]',
  async run(args, io) {
    const { positional, options } = parseOptions(args);
    const file = positional[0];
    if (!file) {
      io.err(`Usage: npm run intake -- ${this.usage}`);
      return 2;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      io.err(`${file}: cannot read the scenario (${e instanceof Error ? e.message : String(e)})`);
      return 1;
    }
    try {
      const record = playScenario(raw, typeof options.db === 'string' ? { dbFile: options.db } : {});
      io.out(JSON.stringify(record, null, 2));
      return 0;
    } catch (e) {
      if (e instanceof ScenarioError) {
        io.err(`${file}: ${e.message}`);
        return 1;
      }
      throw e;
    }
  },
};
