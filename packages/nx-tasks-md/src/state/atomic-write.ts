import * as fs from 'node:fs';

let sequence = 0;

/**
 * Writes `file` as a whole or not at all: the text goes to a temporary file beside it, is flushed
 * to disk, and is renamed over the original, so a reader (or a process killed mid-write) never
 * sees half a file. The original's permissions are kept. Synchronous on purpose: it runs under the
 * feature lock, where the few system calls of a synchronous write cost a fraction of the callbacks
 * an asynchronous one waits for.
 */
export function writeFileAtomicSync(file: string, text: string): void {
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
      fs.fsyncSync(fd);
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
