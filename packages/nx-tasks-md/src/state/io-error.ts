/**
 * A bare system error ("EACCES: permission denied, open '/…/x.tmp'") says neither which of the
 * plugin's files it was about nor what the plugin was doing. The few places that read or write
 * (safe-write, the feature lock, state files, logs, reports, starting a runner) pass their errors
 * through here: `could not write the state file specs/001-x/.implementation-state.json:
 * permission denied (EACCES)`.
 */

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its path is not a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'something is already there',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'input/output error',
  EBUSY: 'it is busy',
  ETXTBSY: 'it is busy',
  ENOEXEC: 'it is not an executable program',
};

/** A system error with the plugin's file and what it was doing. */
export class PluginIoError extends Error {
  readonly code: string;
  constructor(
    readonly action: string,
    readonly file: string,
    cause: NodeJS.ErrnoException,
  ) {
    const code = cause.code ?? 'EUNKNOWN';
    super(`could not ${action} ${file}: ${REASONS[code] ?? cause.message} (${code})`, { cause });
    this.name = 'PluginIoError';
    this.code = code;
  }
}

/**
 * True for a Node system error (an `E…` code such as EACCES); other errors are left as they are.
 * Not `instanceof Error`: errors from another realm (a vm context, Jest) fail that test.
 */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof error === 'object' && typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/**
 * `error` as a PluginIoError naming `file` and `action` ("write the state file") when it is a bare
 * system error; anything else (already described, a refused link, a bug) is returned unchanged.
 */
export function describeIoError(error: unknown, action: string, file: string): unknown {
  if (error instanceof PluginIoError || !isSystemError(error)) return error;
  return new PluginIoError(action, file, error);
}

/** Runs `body`, describing a system error it throws (see describeIoError). */
export function withIoContext<T>(action: string, file: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw describeIoError(error, action, file);
  }
}

/** The same for an asynchronous body. */
export async function withIoContextAsync<T>(action: string, file: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw describeIoError(error, action, file);
  }
}
