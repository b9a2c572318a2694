import { join } from 'node:path';
import { openApp } from '../../app';
import { parseOptions, type CliCommand } from '../io';

export const command: CliCommand = {
  summary: 'Show or change site settings, e.g. switch job search on the call off while new staff bed in',
  usage: 'setting [job-search-on-call on|off --by <user>] [--db file.db]',
  async run(args, io) {
    const { positional, options } = parseOptions(args);
    const app = openApp({ dbFile: typeof options.db === 'string' ? options.db : join(process.cwd(), 'intake.db') });
    try {
      const [name, value] = positional;
      if (name === undefined) {
        io.out(JSON.stringify(app.settings.get(), null, 2));
        return 0;
      }
      if (name !== 'job-search-on-call' || (value !== 'on' && value !== 'off')) {
        io.err(`Usage: npm run intake -- ${this.usage}`);
        return 2;
      }
      if (typeof options.by !== 'string') {
        io.err('Say who is changing the setting: --by <username>. It is recorded.');
        return 2;
      }
      io.out(JSON.stringify(app.settings.set({ jobSearchOnCall: value === 'on' }, options.by), null, 2));
      return 0;
    } finally {
      app.close();
    }
  },
};
