import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a secret file readable only by its owner, replacing any old one in a single rename. Folders it
 * creates (the data folder and keys/, when the extension build runs before the portal's first start) are
 * the owner's only too.
 */
export function writeSecretFile(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** How stale a running portal's copy of a key file may be: it looks at the file at most this often. */
export const KEY_FILE_RECHECK_MS = 1_000;

/**
 * What identifies one version of the file. A rotation renames a new file into place, so the inode changes
 * even when the modification time does not (two rotations within a file system's timestamp granularity).
 */
const versionOf = (stat: fs.Stats) => `${stat.ino}:${stat.size}:${stat.mtimeMs}`;

/**
 * A JSON key file that another process (the CLI's `rotate-*` commands, or another portal process's first
 * start) may replace while the portal runs: `current()` re-reads it when it changed, looking at most once
 * per KEY_FILE_RECHECK_MS, so every process serves the new keys within that bound; `reload()` looks at once,
 * e.g. when a key id is not known yet. A file that no longer parses leaves the last good keys in force.
 */
export function watchedKeyFile<T>(file: string, parse: (json: unknown) => T) {
  let seenVersion = versionOf(fs.statSync(file));
  let value = parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  let checkedAt = Date.now();

  const reload = () => {
    checkedAt = Date.now();
    let version: string;
    try {
      version = versionOf(fs.statSync(file));
    } catch {
      version = 'missing';
    }
    if (version === seenVersion) return value;
    // Seen even when it does not parse, so a broken file is reported once, not every second.
    seenVersion = version;
    try {
      value = parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
      console.error(`The key file ${file} could not be read (${reason}); the keys read before stay in force.`);
    }
    return value;
  };
  return {
    current: () => (Date.now() - checkedAt >= KEY_FILE_RECHECK_MS ? reload() : value),
    reload,
  };
}
