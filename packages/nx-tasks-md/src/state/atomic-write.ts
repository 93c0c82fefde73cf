import * as fs from 'node:fs';

let sequence = 0;

export interface AtomicWriteOptions {
  /**
   * Flush the text to disk before the rename (default true), so that not even a power cut can
   * leave the file empty. The rename alone already keeps every reader and a killed writer from
   * seeing half a file; a flush costs a millisecond or more on every write.
   */
  durable?: boolean;
}

/**
 * Writes `file` as a whole or not at all: the text goes to a temporary file beside it and is
 * renamed over the original, so a reader (or a process killed mid-write) never sees half a file.
 * The original's permissions are kept. Synchronous on purpose: it runs under the feature lock,
 * where the few system calls of a synchronous write cost a fraction of the callbacks an
 * asynchronous one waits for.
 */
export function writeFileAtomicSync(file: string, text: string, options: AtomicWriteOptions = {}): void {
  let mode: number | undefined;
  try {
    mode = fs.statSync(file).mode & 0o7777;
  } catch {
    // a new file: default permissions, less the umask
  }
  const temporary = `${file}.${process.pid}.${++sequence}.tmp`;
  try {
    const fd = fs.openSync(temporary, 'w', mode ?? 0o666);
    try {
      fs.writeFileSync(fd, text, 'utf8');
      if (options.durable !== false) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (mode !== undefined) fs.chmodSync(temporary, mode);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
