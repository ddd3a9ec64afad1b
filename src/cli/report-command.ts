import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineCommand } from 'citty';
import { UserError } from '../errors.ts';
import { renderReportCsv, renderReportJson, renderReportText } from '../report/render.ts';
import { buildUsageReport } from '../report/usage.ts';
import { DATABASE_FILE, openDatabase } from '../store/database.ts';
import { cliContext } from './run.ts';

/** `--since` takes a calendar date; anything else is a usage mistake, said plainly. */
export function parseSince(value: string | undefined): string | null {
  if (value === undefined) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const date = match ? new Date(`${match[0]}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match![0])
    throw new UserError(`--since takes a date as YYYY-MM-DD (for example 2026-11-01), got '${value}'.`, 'usage');
  return match![0];
}

export const reportCommand = defineCommand({
  meta: { name: 'report', description: "The bot's usage: questions per day and server, what went unanswered, what was rated down." },
  args: {
    since: { type: 'string', description: 'Only questions from this day on (YYYY-MM-DD)' },
    json: { type: 'boolean', description: 'One JSON object on stdout' },
    csv: { type: 'boolean', description: 'CSV tables on stdout (each starts with a header row naming it)' },
    db: { type: 'string', description: `Database file (default: DATA_DIR/${DATABASE_FILE})` },
  },
  async run({ args, data }) {
    const { config, out, stdoutIsTTY } = cliContext(data);
    if (args.json && args.csv) throw new UserError('Choose one of --json and --csv.', 'usage');
    const since = parseSince(args.since);
    const file = args.db ? path.resolve(args.db) : path.join(config.paths.dataDir, DATABASE_FILE);
    if (!existsSync(file))
      throw new UserError(`No database at ${file} yet: the bot creates it when it first starts (set DATA_DIR if it runs with another folder).`, 'no-database');
    const db = openDatabase(file);
    try {
      const report = buildUsageReport(db, { since });
      if (args.json) out(renderReportJson(report));
      else if (args.csv) out(renderReportCsv(report));
      else out(renderReportText(report, stdoutIsTTY));
    } finally {
      db.close();
    }
  },
});
