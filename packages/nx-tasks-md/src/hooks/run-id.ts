/**
 * The nx command's process: this one, or the parent of Nx's isolated plugin worker. Unknown when
 * the hook runs in the Nx daemon (the command's first task records it then).
 */
export function nxCommandPid(): number | undefined {
  if (process.env.NX_DAEMON_PROCESS === 'true') return undefined;
  return /plugin-worker\.[jt]s$/.test(process.argv[1] ?? '') ? process.ppid : process.pid;
}

/**
 * Who runs a feature: Nx's id of the command with the command's process (`nxCommandPid()`). Nx's
 * id hashes the argv and the millisecond, so two identical commands started together can get the
 * same one.
 */
export function commandRunId(nxId: string, pid: number | undefined): string {
  return pid === undefined ? nxId : `${nxId}-${pid}`;
}
