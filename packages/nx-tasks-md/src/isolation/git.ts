import { execa } from 'execa';

export interface GitOptions {
  /** Extra environment (e.g. GIT_INDEX_FILE for a scratch index). */
  env?: Record<string, string>;
  input?: string | Buffer;
  /** Exit codes that are answers, not failures (e.g. 1 for a merge with conflicts). */
  okExitCodes?: readonly number[];
}

export interface GitResult {
  stdout: string;
  exitCode: number;
}

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly cwd: string,
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed in ${cwd}${exitCode !== undefined ? ` (exit ${exitCode})` : ''}: ${stderr.trim() || 'no output'}`);
    this.name = 'GitError';
  }
}

/** Runs git with a clean, predictable environment (no pager, no prompts, plumbing output in English). */
export async function git(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  const result = await execa('git', [...args], {
    cwd,
    env: { GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C', ...options.env },
    input: options.input,
    reject: false,
    stripFinalNewline: false,
  });
  const exitCode = result.exitCode ?? -1;
  if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
    throw new GitError(args, cwd, result.exitCode, String(result.stderr || result.message || ''));
  }
  return { stdout: String(result.stdout), exitCode };
}

/** git's output with the final newline taken off. */
export async function gitLine(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<string> {
  return (await git(cwd, args, options)).stdout.replace(/\n$/, '');
}

/** The NUL-separated records of a `-z` command. */
export function nulRecords(stdout: string): string[] {
  return stdout.split('\0').filter((record) => record !== '');
}
