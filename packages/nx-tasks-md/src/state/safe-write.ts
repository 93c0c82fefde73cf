import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeIoError, withIoContext } from './io-error';

/**
 * Every file nx-tasks-md writes goes through here. tasks.md and everything beside it come from
 * pull requests, so a committed symbolic link must not redirect a write: files are opened without
 * following links (O_NOFOLLOW, O_EXCL for temporary files), the folders the plugin keeps under a
 * feature (`.nx-tasks-md/`, `logs/`) may not be links at all, and every folder written into must
 * resolve inside the workspace. The one link that is followed is tasks.md itself (see
 * `resolveTasksFile`), and only to a file inside the workspace.
 */

/** A write that a symbolic link or a path outside the workspace would have redirected. */
export class UnsafeWriteError extends Error {
  constructor(
    readonly file: string,
    detail: string,
    action = 'write',
  ) {
    super(`refusing to ${action} ${file}: ${detail}`);
    this.name = 'UnsafeWriteError';
  }
}

export interface WriteScope {
  /** The workspace root: every write must resolve inside it. */
  root: string;
  /**
   * Folders strictly below this one belong to nx-tasks-md (`<feature>/.nx-tasks-md/logs`): they are
   * created when missing and never followed when they are links. Default: `root`.
   */
  base?: string;
}

const { O_WRONLY, O_CREAT, O_TRUNC, O_EXCL } = fs.constants;
// Not defined on Windows, where the lstat checks below are the guard.
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

export function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative));
}

/** `file` as the user knows it: relative to the workspace root, with forward slashes. */
function shown(scope: WriteScope, file: string): string {
  const relative = path.relative(scope.root, file);
  return isInside(scope.root, file) && relative ? relative.split(path.sep).join('/') : file;
}

function linkTarget(file: string): string {
  try {
    return fs.readlinkSync(file);
  } catch {
    return '?';
  }
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function realRoot(scope: WriteScope): string {
  return fs.realpathSync(scope.root);
}

/**
 * Creates `dir` (mkdir -p) for writing `file`, one folder at a time from the workspace root: a
 * link above `scope.base` is followed only when it resolves inside the workspace, a link at or
 * below it is refused, and nothing is created before the folder above it was checked.
 */
export function prepareFolder(scope: WriteScope, dir: string, file = dir): void {
  const root = path.resolve(scope.root);
  const base = path.resolve(scope.base ?? root);
  const target = path.resolve(dir);
  if (!isInside(root, target)) throw new UnsafeWriteError(shown(scope, file), 'it is outside the workspace');
  const rootReal = realRoot(scope);
  let current = root;
  for (const part of path.relative(root, target).split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    let stat = lstatOrUndefined(current);
    if (!stat) {
      try {
        fs.mkdirSync(current);
        continue;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        stat = fs.lstatSync(current);
      }
    }
    if (stat.isSymbolicLink()) {
      const at = shown(scope, current);
      if (isInside(base, current) && current !== base) {
        throw new UnsafeWriteError(shown(scope, file), `${at} is a symbolic link (to ${linkTarget(current)})`);
      }
      const real = fs.realpathSync(current);
      if (!isInside(rootReal, real)) {
        throw new UnsafeWriteError(shown(scope, file), `${at} is a symbolic link to ${real}, outside the workspace`);
      }
      if (!fs.statSync(current).isDirectory()) throw new UnsafeWriteError(shown(scope, file), `${at} is not a folder`);
    } else if (!stat.isDirectory()) {
      throw new UnsafeWriteError(shown(scope, file), `${shown(scope, current)} is not a folder`);
    }
  }
}

/** Refuses files of the plugin's that are links before they are read (and then rewritten). */
export function refuseLinks(scope: WriteScope, files: readonly string[]): void {
  for (const file of files) refuseLink(scope, file);
}

function refuseLink(scope: WriteScope, file: string): void {
  if (lstatOrUndefined(file)?.isSymbolicLink()) {
    throw new UnsafeWriteError(shown(scope, file), `it is a symbolic link (to ${linkTarget(file)})`);
  }
}

/** Opens `file` for writing (created or truncated) after the checks above; never through a link. */
export function openForWriting(scope: WriteScope, file: string, mode = 0o666): number {
  prepareFolder(scope, path.dirname(file), file);
  refuseLink(scope, file);
  try {
    return fs.openSync(file, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode);
  } catch (error) {
    // A link put there between the check and the open.
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') refuseLink(scope, file);
    throw error;
  }
}

/** Writes `file` in place (prompt files); `what` names it in errors ("the prompt file"). */
export function writeFileSafely(scope: WriteScope, file: string, text: string, what = 'the file'): void {
  withIoContext(`write ${what}`, shown(scope, file), () => {
    const fd = openForWriting(scope, file);
    try {
      fs.writeFileSync(fd, text, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  });
}

/** A log stream on `file`, truncated. */
export function openLogStream(scope: WriteScope, file: string, what = 'the log file'): fs.WriteStream {
  const stream = fs.createWriteStream(file, { fd: withIoContext(`write ${what}`, shown(scope, file), () => openForWriting(scope, file)) });
  // A failed write later on (a full disk) must not crash the process as an unhandled 'error'.
  stream.on('error', (error) => console.error(`nx-tasks-md: ${describeLogError(error, what, shown(scope, file))}`));
  return stream;
}

/**
 * Makes sure `dir` can hold a lock folder the lock library creates (mkdir, which does not follow
 * a link either) and that `lockDir` is not a link, whose target's times the library would touch.
 */
export function prepareLockFolder(scope: WriteScope, lockDir: string): void {
  withIoContext('create the lock folder', shown(scope, lockDir), () => {
    prepareFolder(scope, path.dirname(lockDir), lockDir);
    refuseLink(scope, lockDir);
  });
}

/**
 * The file tasks.md writes go to: tasks.md itself, or, when it is a symbolic link, the file it
 * points to, which must be inside the workspace (a link elsewhere is refused, naming it).
 */
export function resolveTasksFile(scope: WriteScope, file: string): string {
  if (!lstatOrUndefined(file)?.isSymbolicLink()) return file;
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    throw new UnsafeWriteError(shown(scope, file), `it is a symbolic link to a missing file (${linkTarget(file)})`, 'use');
  }
  if (!isInside(realRoot(scope), real)) {
    throw new UnsafeWriteError(shown(scope, file), `it is a symbolic link to ${real}, outside the workspace`, 'use');
  }
  return real;
}

/** The text of a feature's tasks.md, read only when it is, or links to, a file inside the workspace. */
export function readTasksText(workspaceRoot: string, tasksFile: string): string {
  return withIoContext('read', tasksFile, () =>
    fs.readFileSync(resolveTasksFile({ root: workspaceRoot }, path.resolve(workspaceRoot, tasksFile)), 'utf8'),
  );
}

export interface AtomicWriteOptions {
  /**
   * Flush the text to disk before the rename (default true), so that not even a power cut can
   * leave the file empty. The rename alone already keeps every reader and a killed writer from
   * seeing half a file; a flush costs a millisecond or more on every write.
   */
  durable?: boolean;
  /** tasks.md: a link to a file inside the workspace is written through (see resolveTasksFile). */
  followTasksLink?: boolean;
  /** What the file is, for error messages: "the state file" (default "the file"). */
  what?: string;
  /**
   * What the file must still hold: it is compared just before the rename, and when someone else
   * has changed it since it was read, nothing is written and FileChangedError is thrown.
   */
  unchangedFrom?: string;
}

/**
 * Writes `file` as a whole or not at all: the text goes to a new temporary file beside it (created
 * with O_EXCL, so a link planted under that name is never written through) and is renamed over
 * the original, so a reader (or a process killed mid-write) never sees half a file. A link at
 * `file` is refused (the rename would replace the link, but the plugin's files are never links);
 * for tasks.md it is followed to its target inside the workspace, which the rename replaces.
 * The original's permissions are kept. Synchronous on purpose: it runs under the feature lock,
 * where the few system calls of a synchronous write cost a fraction of the callbacks an
 * asynchronous one waits for.
 */
export function writeFileAtomicSync(scope: WriteScope, file: string, text: string, options: AtomicWriteOptions = {}): fs.BigIntStats {
  return withIoContext(`write ${options.what ?? 'the file'}`, shown(scope, file), () => writeAtomically(scope, file, text, options));
}

export class FileChangedError extends Error {
  constructor(readonly file: string) {
    super(`${file} was changed by someone else while it was being updated`);
    this.name = 'FileChangedError';
  }
}

function writeAtomically(scope: WriteScope, file: string, text: string, options: AtomicWriteOptions): fs.BigIntStats {
  const target = options.followTasksLink ? resolveTasksFile(scope, file) : file;
  prepareFolder(options.followTasksLink ? { root: scope.root } : scope, path.dirname(target), file);
  refuseLink(scope, target);
  let mode: number | undefined;
  try {
    mode = fs.lstatSync(target).mode & 0o7777;
  } catch {
    // a new file: default permissions, less the umask
  }
  const [temporary, fd] = createTemporary(target, mode ?? 0o666);
  try {
    let written: fs.BigIntStats;
    try {
      fs.writeFileSync(fd, text, 'utf8');
      if (mode !== undefined) fs.fchmodSync(fd, mode);
      if (options.durable !== false) fs.fsyncSync(fd);
      written = fs.fstatSync(fd, { bigint: true });
    } finally {
      fs.closeSync(fd);
    }
    // Read last, after the slow part (the flush), to leave the smallest window for a save to slip in.
    if (options.unchangedFrom !== undefined && readOrNothing(target) !== options.unchangedFrom) {
      throw new FileChangedError(file);
    }
    fs.renameSync(temporary, target);
    return written;
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

function readOrNothing(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * A new file beside `target` under a name nobody can guess; O_EXCL fails on anything already
 * there (a planted link included), and then another name is tried.
 */
function createTemporary(target: string, mode: number): [string, number] {
  for (let attempt = 1; ; attempt++) {
    const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      return [temporary, fs.openSync(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode)];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 10) throw error;
    }
  }
}

function describeLogError(error: Error, what: string, file: string): string {
  const described = describeIoError(error, `write ${what}`, file);
  return described instanceof Error ? described.message : String(described);
}
