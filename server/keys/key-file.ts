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

/**
 * A JSON key file that another process (the CLI's `rotate-key`) may replace while the portal runs:
 * `current()` re-reads it when its modification time changes, looking at most once a second;
 * `reload()` forces a look, e.g. when a key id is not known yet.
 */
export function watchedKeyFile<T>(file: string, parse: (json: unknown) => T) {
  let value = parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  let seenMtime = fs.statSync(file).mtimeMs;
  let checkedAt = Date.now();

  const reload = () => {
    checkedAt = Date.now();
    const mtime = fs.statSync(file).mtimeMs;
    if (mtime === seenMtime) return value;
    value = parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    seenMtime = mtime;
    return value;
  };
  return {
    current: () => (Date.now() - checkedAt >= 1_000 ? reload() : value),
    reload,
  };
}
