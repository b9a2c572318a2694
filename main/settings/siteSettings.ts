import { z } from 'zod';
import type { CallSettings } from '../../machines/contract/callTypes';
import type { Db } from '../db/open';

export const SiteSettingsSchema = z.strictObject({
  jobSearchOnCall: z.boolean(),
});
export type SiteSettings = z.infer<typeof SiteSettingsSchema>;
const DEFAULTS: SiteSettings = { jobSearchOnCall: true };

/** Site switches a team leader changes; each new call copies them into its context at start. */
export class SiteSettingsStore {
  constructor(private readonly db: Db, private readonly clock: () => Date) {}

  get(): SiteSettings {
    const rows = this.db.prepare('SELECT key, value FROM site_settings').all() as { key: string; value: string }[];
    const merged: Record<string, unknown> = { ...DEFAULTS };
    for (const r of rows) if (r.key in DEFAULTS) merged[r.key] = JSON.parse(r.value);
    return SiteSettingsSchema.parse(merged);
  }

  set(changes: Partial<SiteSettings>, by: string): SiteSettings {
    const next = SiteSettingsSchema.parse({ ...this.get(), ...changes });
    const upsert = this.db.prepare(
      'INSERT INTO site_settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by',
    );
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(changes)) upsert.run(k, JSON.stringify(v), this.clock().toISOString(), by);
    })();
    return next;
  }

  forNewCall(): CallSettings {
    return { jobSearchOnCall: this.get().jobSearchOnCall };
  }
}
