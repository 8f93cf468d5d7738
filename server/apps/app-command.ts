import fs from 'node:fs';
import type { TerminalOutput } from '../cli/terminal-output';
import { createAuditLog } from '../audit/audit-log';
import { createDirectory } from '../directory/directory';
import type { Storage } from '../storage/storage';
import { createCatalogEditor, type CatalogEditorDeps } from './catalog-editor';
import { exportCatalog, importCatalog } from './catalog-file';
import { createCatalogStore } from './catalog-store';

// `apps [list]`, `apps export FILE`, `apps import FILE [--dry-run]`.

export const APPS_USAGE = 'apps [list] | apps export FILE | apps import FILE [--dry-run]';
export const APPS_EXIT = { ok: 0, refused: 2 } as const;

export interface AppCommandIo {
  out: TerminalOutput;
  err: TerminalOutput;
  /** Prints the problem and the usage; returns the exit code. */
  fail(problem: string): number;
}

/** The catalog's editing on the command line: no person (changes are recorded as made by the CLI). */
export function appCommandDeps(storage: Storage, allowDevelopmentHttp: boolean): CatalogEditorDeps {
  return {
    storage,
    store: createCatalogStore(storage),
    // Running portals take the change in from the catalog's generation, bumped in the same transaction.
    catalog: { refresh: async () => undefined },
    directory: createDirectory(storage),
    audit: createAuditLog(storage, Date.now),
    now: Date.now,
    allowDevelopmentHttp,
  };
}

export async function appCommand(deps: CatalogEditorDeps, args: readonly string[], io: AppCommandIo) {
  const [action = 'list', ...rest] = args;
  if (action === 'list' && rest.length === 0) return listApps(deps, io);
  if (action === 'export' && rest.length === 1) return exportApps(deps, rest[0]!, io);
  if (action === 'import') return importApps(deps, rest, io);
  return io.fail(`apps needs: ${APPS_USAGE}`);
}

async function listApps({ store }: CatalogEditorDeps, { out }: AppCommandIo) {
  for (const app of await store.list()) {
    const retired = app.retiredAt === null ? '' : ' [retired]';
    out.line(`${app.slug.padEnd(20)} ${app.name} (${app.rules.length} rules, version ${app.version})${retired}`);
  }
  return APPS_EXIT.ok;
}

async function exportApps(deps: CatalogEditorDeps, file: string, { out }: AppCommandIo) {
  const catalog = await exportCatalog(deps);
  fs.writeFileSync(file, `${JSON.stringify(catalog, null, 2)}\n`);
  await deps.audit.record({
    action: 'catalog.exported',
    outcome: 'success',
    detail: { via: 'cli', apps: catalog.apps.length },
  });
  out.line(`Wrote ${catalog.apps.length} apps to ${file}`);
  return APPS_EXIT.ok;
}

async function importApps(deps: CatalogEditorDeps, args: readonly string[], io: AppCommandIo) {
  const files = args.filter((arg) => !arg.startsWith('--'));
  const unknown = args.find((arg) => arg.startsWith('--') && arg !== '--dry-run');
  if (unknown) return io.fail(`apps import does not know "${unknown}".`);
  if (files.length !== 1) return io.fail('apps import needs one FILE, as apps export writes it.');
  const dryRun = args.includes('--dry-run');
  const input = readJsonFile(files[0]!);
  if (!input.ok) {
    io.err.line(`Nothing was imported: ${input.problem}`);
    return APPS_EXIT.refused;
  }
  const outcome = await importCatalog(
    { ...deps, editor: createCatalogEditor(deps) },
    input.value,
    { userId: null },
    { dryRun },
  );
  if (!outcome.ok) {
    if (!dryRun)
      await deps.audit.record({
        action: 'catalog.imported',
        outcome: 'failure',
        detail: { via: 'cli', problems: outcome.problems.length },
      });
    io.err.line('Nothing was imported. Problems:');
    for (const p of outcome.problems) io.err.line(`  ${p.app ? `${p.app}: ` : ''}${p.field}: ${p.problem}`);
    return APPS_EXIT.refused;
  }
  const list = (slugs: string[]) => (slugs.length ? ` (${slugs.join(', ')})` : '');
  io.out.line(dryRun ? 'Dry run: nothing was saved. The import would make:' : 'Imported:');
  io.out.line(`  created ${outcome.created.length}${list(outcome.created)}`);
  io.out.line(`  updated ${outcome.updated.length}${list(outcome.updated)}`);
  io.out.line(`  retired ${outcome.retired.length}${list(outcome.retired)}`);
  io.out.line(`  unchanged ${outcome.unchanged.length}`);
  return APPS_EXIT.ok;
}

function readJsonFile(file: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { ok: false, problem: `${file} cannot be read.` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problem: `${file} is not JSON (${(error as Error).message}).` };
  }
}
