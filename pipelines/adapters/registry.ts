import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ENTITIES } from '../load/canonical-contract.ts';
import { LoadError } from '../load/load-error.ts';
import type { Settings } from '../config/settings.ts';
import type { AdapterContext } from './compile-rule.ts';
import type { EntityMapping, Mapping } from './mapping-spec.ts';

const ADAPTERS_DIR = import.meta.dirname;

/** The canonical format as a mapping: every canonical column from the column of the same name. */
export const CANONICAL_MAPPING: Mapping = {
  crm: 'canonical',
  detect: { files: ['leads.csv', 'opportunities.csv'] },
  entities: Object.fromEntries(ENTITIES.map((entity) => [entity.table, {
    file: entity.file, delimiter: ',',
    columns: Object.fromEntries(entity.columns.map((column) => [column.name, column.name])),
  } satisfies EntityMapping])),
};

/** The adapters that ship with the product: canonical, and one mapping file per CRM. */
export function builtInMappings(): Mapping[] {
  const files = readdirSync(ADAPTERS_DIR).filter((name) => name.endsWith('.map.json')).sort();
  return [CANONICAL_MAPPING, ...files.map((name) => JSON.parse(readFileSync(join(ADAPTERS_DIR, name), 'utf8')) as Mapping)];
}

export function readMappingFile(path: string): Mapping {
  const file = resolve(path);
  if (!existsSync(file)) throw new LoadError('options', [{ file: path, problem: 'mapping file does not exist' }]);
  try {
    const mapping = JSON.parse(readFileSync(file, 'utf8')) as Mapping;
    if (!mapping.entities || typeof mapping.entities !== 'object') throw new Error('it has no "entities"');
    return { ...mapping, crm: mapping.crm ?? 'mapped' };
  } catch (error) {
    throw new LoadError('options', [{ file: path, problem: `not a mapping file: ${error instanceof Error ? error.message : String(error)}` }]);
  }
}

/** The folder's file for an entity: the first of the mapping's names present (case-insensitive). */
export function findEntityFile(folder: string, mapping: EntityMapping): string | null {
  const names = readdirSync(folder).sort();
  for (const candidate of [mapping.file].flat()) {
    const pattern = new RegExp(`^${candidate.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
    const found = names.find((name) => pattern.test(name));
    if (found) return join(folder, found);
  }
  return null;
}

/** Which adapter a folder's files and headers show, or a refusal naming what was looked for. */
export function detectMapping(folder: string): Mapping {
  const names = readdirSync(folder);
  if (names.length === 0) throw new LoadError('detect', [{ file: folder, problem: 'the snapshot folder is empty: there is no export file to load' }]);
  const lower = new Set(names.map((name) => name.toLowerCase()));
  const headers = names.filter((name) => /\.csv$/i.test(name)).flatMap((name) => firstLine(join(folder, name)));
  const matches = builtInMappings().filter((mapping) => {
    const files = mapping.detect?.files ?? [];
    const wanted = mapping.detect?.headers ?? [];
    return files.length > 0 && files.some((file) => lower.has(file.toLowerCase())) && wanted.every((header) => headers.includes(header));
  });
  if (matches.length === 0) {
    // files named as an adapter expects whose headers lack its columns: say which, the likeliest fix
    const nearly = builtInMappings().flatMap((mapping) => {
      const named = (mapping.detect?.files ?? []).some((file) => lower.has(file.toLowerCase()));
      const lacking = (mapping.detect?.headers ?? []).filter((header) => !headers.includes(header));
      return named && lacking.length > 0 ? [`named like a ${mapping.crm} export, but no header has its column ${lacking.join(', ')}`] : [];
    });
    throw new LoadError('detect', [{ file: folder, problem: `no adapter recognises these files (${names.join(', ')}); ${nearly.map((hint) => `${hint}; `).join('')}pass --crm canonical|salesforce|hubspot|sugarcrm, or --crm mapped --mapping FILE` }]);
  }
  // the most specific match wins: the one that names the most files and headers
  return matches.sort((a, b) => specificity(b) - specificity(a))[0];
}

function specificity(mapping: Mapping): number {
  return (mapping.detect?.files?.length ?? 0) + (mapping.detect?.headers?.length ?? 0);
}

function firstLine(path: string): string[] {
  const text = readFileSync(path, { encoding: 'utf8' }).slice(0, 65536).replace(/^\uFEFF/, '');
  return text.split(/\r?\n/)[0].split(/[,;\t]/).map((name) => name.trim().replace(/^"|"$/g, ''));
}

/** The mapping's value maps and formats, with the user's config for this CRM laid over them. */
export function adapterContext(mapping: Mapping, settings: Settings): AdapterContext {
  const overrides = settings.crms?.[mapping.crm] ?? {};
  const valueMaps = { ...mapping.valueMaps };
  for (const [name, map] of Object.entries(overrides.valueMaps ?? {})) valueMaps[name] = { ...valueMaps[name], ...map };
  return {
    crm: mapping.crm, valueMaps,
    dateFormats: overrides.dateFormats ?? mapping.dateFormats,
    timestampFormats: overrides.timestampFormats ?? mapping.timestampFormats,
  };
}

export function mappingByName(crm: string): Mapping {
  const mapping = builtInMappings().find((candidate) => candidate.crm === crm);
  if (!mapping) throw new LoadError('options', [{ file: '(command line)', column: '--crm', value: crm, problem: `unknown CRM; known: ${builtInMappings().map((m) => m.crm).join(', ')}, or mapped with --mapping FILE` }]);
  return mapping;
}
