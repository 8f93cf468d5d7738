import path from 'node:path';
import type { Context } from 'hono';
import type { RosterProblem } from '../../shared/roster';
import { AppError } from '../errors';
import { rosterFilesFromUploads, rosterFilesFromZip } from './read-files';
import type { RosterFiles } from './roster-bundle';
import { problemsOf } from './report-text';

// An admin's upload as the files of one bundle: a .zip (as the request body, or one multipart file), or several
// .csv files (multipart). Only the files' base names are kept.

const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];

/** The upload is not a bundle that can be read at all: nothing reaches the service. */
export class RosterUploadRefused extends Error {
  constructor(readonly problems: RosterProblem[]) {
    super(problems[0]?.message ?? 'The upload is not a roster bundle.');
  }
}

const problem = (code: RosterProblem['code'], file: string, message: string): RosterProblem => ({
  code,
  file,
  message,
});

export async function readUploadedRoster(c: Context): Promise<RosterFiles> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'multipart/form-data') return fromMultipart(c);
  if (ZIP_TYPES.includes(type)) {
    const name = baseName(c.req.query('name') ?? 'upload.zip');
    return fromZip(Buffer.from(await c.req.arrayBuffer()), name);
  }
  throw new AppError(
    'unsupported_upload',
    415,
    'Send the roster as a .zip (application/zip) or as .csv files in a multipart form.',
  );
}

async function fromMultipart(c: Context): Promise<RosterFiles> {
  const form = await c.req.parseBody({ all: true });
  const uploads = Object.values(form)
    .flat()
    .filter((value): value is File => typeof value !== 'string');
  if (uploads.length === 0) throw new RosterUploadRefused([problem('missing_file', '', 'No file was sent.')]);
  const zips = uploads.filter((file) => file.name.toLowerCase().endsWith('.zip'));
  if (zips.length > 0 && uploads.length > 1)
    throw new RosterUploadRefused([
      problem('unreadable_file', baseName(zips[0]!.name), 'Send one .zip file, or the .csv files without a .zip.'),
    ]);
  if (zips.length === 1) return fromZip(Buffer.from(await zips[0]!.arrayBuffer()), baseName(zips[0]!.name));
  const files = await Promise.all(
    uploads.map(async (file) => ({ name: baseName(file.name), bytes: Buffer.from(await file.arrayBuffer()) })),
  );
  return refusedAsProblems('uploaded files', () => rosterFilesFromUploads(files, `${files.length} uploaded files`));
}

const fromZip = (bytes: Buffer, name: string) => refusedAsProblems(name, () => rosterFilesFromZip(bytes, name));

/** A reader's refusal (too large, not a zip) as the upload's problems; any other failure is a bug, thrown on. */
async function refusedAsProblems(name: string, read: () => RosterFiles | Promise<RosterFiles>) {
  try {
    return await read();
  } catch (error) {
    const problems = problemsOf(error);
    if (problems.length > 0) throw new RosterUploadRefused(problems);
    throw new RosterUploadRefused([problem('unreadable_file', name, `${name} cannot be read as a .zip file.`)]);
  }
}

/** A browser sends a bare name; anything else (a path, a backslash path) is cut to its last part. */
const baseName = (name: string) => path.basename(name.replaceAll('\\', '/')).slice(0, 200) || 'upload';
