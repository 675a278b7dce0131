import { parseArgs } from 'node:util';
import { runBuildModels, runDemo, runIngest, runReport, runStart } from './commands.ts';

const USAGE = `leadlens <command> [options]

  start                         build the demo warehouse if there is none, then serve the dashboard
  ingest <folder> [--crm canonical|salesforce|hubspot|sugarcrm|mapped] [--mapping FILE]
         [--as-of DATE] [--system NAME] [--replace] [--backfill] [--allow-shrink] [--allow-rejects]
                                load one snapshot folder, or a folder of dated snapshot folders
  report <view> [--period P] [--source S] [--as-of DATE] [--format table|csv|json] [--table NAME]
                                print a view's figures; views: funnel, sources, cycle-times, forecast,
                                pipeline-movement (--from DATE --to DATE), data, records
                                (--kind lead|opportunity --where column=value ... --period-on COLUMN --sort COLUMN),
                                and --group-by for funnel and cycle-times; audit (--quarter 2026-Q3
                                --rule L1 --status open --owner NAME --severity high; its findings table
                                is the quarter's audit to export: --format csv --table findings)
  build-models                  rebuild the SQL models under sql/
  demo [--scale N] [--out DIR]  generate the demo company and load it

Every command takes --db FILE (or LEADLENS_DB; default data/leadlens.duckdb) and
--config FILE (or LEADLENS_CONFIG; default leadlens.config.json).
Periods: 2026-Q2, 2026-05, 2026, 2026-04-01..2026-06-30 or all.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: 'string' }, 'as-of': { type: 'string' }, system: { type: 'string' }, crm: { type: 'string' },
    replace: { type: 'boolean' }, backfill: { type: 'boolean' }, 'allow-shrink': { type: 'boolean' },
    'allow-rejects': { type: 'boolean' }, mapping: { type: 'string' }, config: { type: 'string' },
    period: { type: 'string' }, source: { type: 'string' }, format: { type: 'string' }, table: { type: 'string' },
    scale: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    from: { type: 'string' }, to: { type: 'string' }, kind: { type: 'string' }, where: { type: 'string', multiple: true },
    'period-on': { type: 'string' }, sort: { type: 'string' }, direction: { type: 'string' }, page: { type: 'string' }, 'group-by': { type: 'string' },
    quarter: { type: 'string' }, rule: { type: 'string' }, status: { type: 'string' }, owner: { type: 'string' }, severity: { type: 'string' },
  },
});

const [command, target] = positionals;
if (values.config) process.env.LEADLENS_CONFIG = values.config;

/** `--where source=web --where is_won=true`: the records' filters; true/false are booleans. */
function parseWhere(pairs: string[]): Record<string, string | boolean> {
  return Object.fromEntries(pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--where ${pair}: write column=value`);
    const value = pair.slice(at + 1);
    return [pair.slice(0, at), value === 'true' ? true : value === 'false' ? false : value];
  }));
}

async function main(): Promise<void> {
  switch (command) {
    case 'start': return runStart({ db: values.db });
    case 'ingest':
      if (!target) throw new Error('ingest needs a folder: npm run ingest -- <folder> [--as-of YYYY-MM-DD]');
      return runIngest({
        db: values.db, path: target, asOf: values['as-of'], system: values.system, crm: values.crm, mappingFile: values.mapping,
        replace: values.replace, backfill: values.backfill, allowShrink: values['allow-shrink'], allowRejects: values['allow-rejects'],
      });
    case 'report':
      if (!target) throw new Error('report needs a view: funnel, sources, cycle-times, forecast, pipeline-movement, audit, data or records');
      return runReport({
        db: values.db, view: target, asOf: values['as-of'], period: values.period, source: values.source, format: values.format ?? 'table', table: values.table,
        groupBy: values['group-by'], from: values.from, to: values.to, kind: values.kind, where: parseWhere(values.where ?? []),
        periodOn: values['period-on'], sort: values.sort, direction: values.direction, page: values.page === undefined ? undefined : Number(values.page),
        quarter: values.quarter, rule: values.rule, status: values.status, owner: values.owner, severity: values.severity,
      });
    case 'build-models': return runBuildModels({ db: values.db });
    case 'demo': return runDemo({ db: values.db, scale: values.scale ? Number(values.scale) : 1, out: values.out });
    default:
      console.log(USAGE);
      if (!values.help && command !== undefined) process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
