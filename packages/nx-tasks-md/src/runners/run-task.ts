import type { WriteStream } from 'node:fs';
import { posix, resolve } from 'node:path';
import { openLogStream, writeFileSafely, type WriteScope } from '../state/safe-write';
import { describeIoError, PluginIoError } from '../state/io-error';
import { substituteArgv } from './argv-template';
import { childEnv, taskEnv } from './env';
import { AGENT_PRESETS, isAgentPresetName } from './presets';
import { findOnPath, spawnTree, type SpawnOutcome, type SpawnSpec } from './process-tree';
import { buildPrompt } from './prompt';
import { templateTakesPrompt } from './select';
import { filesAsWritten, type AgentRunner, type RunTaskOptions, type RunTaskResult, type ShellRunner, type TaskContext } from './types';

/** Delay before retry number `attempt` (1-based): base, 2·base, 4·base, ... */
export function backoffDelay(attempt: number, baseMs: number): number {
  return baseMs * 2 ** (attempt - 1);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function defaultPromptFile(logFile: string): string {
  return /\.log$/.test(logFile) ? logFile.replace(/\.log$/, '.prompt.md') : `${logFile}.prompt.md`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)}s` : `${ms}ms`;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0];
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

interface Attempt {
  outcome: SpawnOutcome;
  /** What failed, when it did. */
  error?: string;
}

interface Launch {
  what: string;
  /** Who could not be started, when `what` already names the program: `fake`. */
  who?: string;
  notFound: () => string;
  /** How the error names the program: `the agent program /usr/bin/x`. */
  program: { label: string; file: string };
}

function describeOutcome(outcome: SpawnOutcome, timeoutMs: number, { what, who, notFound, program }: Launch): string | undefined {
  if (outcome.spawnError) {
    if (outcome.spawnError.code === 'ENOENT') return notFound();
    const described = describeIoError(outcome.spawnError, `start ${program.label}`, program.file);
    return described instanceof PluginIoError
      ? `${who ?? what}: ${described.message}`
      : `${what} could not start: ${outcome.spawnError.message}`;
  }
  if (outcome.aborted) return `${what} was interrupted`;
  if (outcome.timedOut) return `${what} timed out after ${formatMs(timeoutMs)}; its process tree was stopped`;
  if (outcome.exitCode === 0) return undefined;
  if (outcome.exitCode === null) return `${what} was killed by ${outcome.signal ?? 'a signal'}`;
  return `${what} exited with code ${outcome.exitCode}`;
}

interface AttemptIo {
  ctx: TaskContext;
  options: RunTaskOptions;
  log: WriteStream;
  env: NodeJS.ProcessEnv;
}

async function runShellAttempt(runner: ShellRunner, io: AttemptIo): Promise<Attempt> {
  const { options, log } = io;
  const timeoutMs = options.timeoutMs ?? 0;
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : undefined;
  // Fenced blocks are written for sh/bash; -e makes a failing line fail its block.
  const shell = findOnPath('bash', io.env.PATH) ?? 'sh';
  const stdout = options.stdout ?? process.stdout;
  let outcome: SpawnOutcome = { exitCode: 0, signal: null, timedOut: false, aborted: false };
  for (const [index, command] of runner.commands.entries()) {
    if (command.command.includes('\u0000')) {
      const error = `command ${index + 1} of ${runner.commands.length} (${io.ctx.tasksFile}:${command.line}) contains a NUL byte (U+0000), which no shell can receive: remove it`;
      return { outcome, error };
    }
    const echo = `$ ${command.command.trimEnd().split('\n').join('\n  ')}\n`;
    stdout.write(echo);
    log.write(echo);
    const remaining = deadline === undefined ? undefined : Math.max(1, deadline - Date.now());
    outcome = await spawnTree(
      { file: shell, args: ['-e', '-c', command.command], cwd: io.ctx.workspaceRoot, env: io.env },
      {
        timeoutMs: remaining,
        signal: options.signal,
        killGraceMs: options.killGraceMs,
        onProcessGroup: options.onProcessGroup,
        stdout,
        stderr: options.stderr ?? process.stderr,
        log,
      },
    );
    const what = `command ${index + 1} of ${runner.commands.length} (line ${command.line}: ${firstLine(command.command)})`;
    const error = describeOutcome(outcome, timeoutMs, {
      what,
      notFound: () => `${shell}: not found`,
      program: { label: 'the shell', file: shell },
    });
    if (error) return { outcome, error };
  }
  return { outcome };
}

interface AgentInvocation {
  spec: SpawnSpec;
  promptFile: string;
}

/** A prompt that starts with `-` would be read as an option by the agent's argument parser. */
export function guardLeadingDash(prompt: string): string {
  return prompt.startsWith('-') ? `\n${prompt}` : prompt;
}

function prepareAgent(
  runner: AgentRunner,
  ctx: TaskContext,
  options: RunTaskOptions,
  promptFile: string,
): { argv: string[]; input?: string; prompt: string } {
  const prompt = guardLeadingDash(options.prompt ?? buildPrompt(ctx, options.promptTemplate));
  writeFileSafely(writeScope(ctx), promptFile, prompt, 'the prompt file');
  const values = {
    id: ctx.task.id,
    prompt,
    promptFile,
    featureDir: ctx.featureDir,
    tasksFile: ctx.tasksFile,
    text: ctx.task.description,
    files: [...ctx.files.changes],
    workspaceRoot: ctx.workspaceRoot,
  };
  const argv = substituteArgv(runner.command, values);
  if (runner.promptVia !== 'stdin' && !templateTakesPrompt(runner.command)) argv.push(prompt);
  const withNul = argv.findIndex((arg) => arg.includes('\u0000'));
  if (withNul >= 0) {
    const which = argv[withNul] === prompt ? 'the prompt' : `argument ${withNul} (${JSON.stringify(runner.command[withNul] ?? '')})`;
    throw new Error(
      `${runner.name} cannot be started: ${which} contains a NUL byte (U+0000), which no program can receive as an argument (task at ${ctx.tasksFile}:${ctx.task.line})`,
    );
  }
  return runner.promptVia === 'stdin' ? { argv, input: prompt, prompt } : { argv, prompt };
}

async function runAgentAttempt(runner: AgentRunner, invocation: AgentInvocation, io: AttemptIo): Promise<Attempt> {
  const { options } = io;
  const outcome = await spawnTree(invocation.spec, {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    killGraceMs: options.killGraceMs,
    onProcessGroup: options.onProcessGroup,
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    log: io.log,
  });
  const program = invocation.spec.file;
  const notFound = () => {
    const title = runner.preset && isAgentPresetName(runner.preset) ? AGENT_PRESETS[runner.preset].title : program;
    return `${program}: command not found on PATH${runner.installHint ? ` (install ${title}: ${runner.installHint})` : ''}`;
  };
  const error = describeOutcome(outcome, options.timeoutMs ?? 0, {
    what: `${runner.name} (${program})`,
    who: runner.name,
    notFound,
    program: { label: 'the agent program', file: program },
  });
  return { outcome, error };
}

function describeCommand(argv: string[], prompt: string): string {
  return argv.map((arg) => (arg === prompt ? '<prompt>' : JSON.stringify(arg))).join(' ');
}

/** Logs and prompts are written inside the workspace, through no link below the feature folder. */
function writeScope(ctx: TaskContext): WriteScope {
  return { root: ctx.workspaceRoot, base: resolve(ctx.workspaceRoot, ctx.featureDir) };
}

function closeLog(log: WriteStream): Promise<void> {
  return new Promise((resolve) => log.end(resolve));
}

/**
 * Runs one task with its runner: retries with exponential backoff, a per-attempt timeout that
 * stops the whole process tree, output streamed live and to `logFile`. Never throws for task
 * failures; configuration problems found here (an unreadable prompt template) come back as
 * `error` with zero attempts.
 */
export async function runTask(options: RunTaskOptions): Promise<RunTaskResult> {
  const started = Date.now();
  const { runner, task } = options;
  const tasksFile = options.tasksFile ?? options.doc.path;
  const ctx: TaskContext = {
    task,
    doc: options.doc,
    workspaceRoot: options.workspaceRoot,
    tasksFile,
    featureDir: options.featureDir ?? posix.dirname(tasksFile.split('\\').join('/')),
    files: options.files ?? filesAsWritten(task),
  };
  const log = openLogStream(writeScope(ctx), options.logFile);
  const result = (fields: Partial<RunTaskResult>): RunTaskResult => ({
    success: false,
    exitCode: null,
    signal: null,
    timedOut: false,
    aborted: false,
    attempts: 0,
    durationMs: Date.now() - started,
    logFile: options.logFile,
    ...fields,
  });

  try {
    log.write(`# ${task.id} runs with ${runner.name}: ${runner.reason}\n`);
    let invocation: AgentInvocation | undefined;
    if (runner.kind === 'shell' && runner.commands.length === 0) {
      return result({ error: `${task.id} has no commands for the shell runner` });
    }
    if (runner.kind === 'agent') {
      const promptFile = options.promptFile ?? defaultPromptFile(options.logFile);
      try {
        const prepared = prepareAgent(runner, ctx, options, promptFile);
        const [file, ...args] = prepared.argv;
        invocation = { promptFile, spec: { file, args, cwd: ctx.workspaceRoot, env: {}, input: prepared.input } };
        log.write(`# command: ${describeCommand(prepared.argv, prepared.prompt)}${prepared.input === undefined ? '' : ' < <prompt>'}\n`);
        log.write(`# prompt: ${promptFile}\n`);
      } catch (error) {
        const message = (error as Error).message;
        log.write(`${task.id}: ${message}\n`);
        return result({ error: message });
      }
    }

    const total = 1 + Math.max(0, options.retries ?? 0);
    let attempt: Attempt | undefined;
    let attempts = 0;
    for (let n = 1; n <= total; n++) {
      if (options.signal?.aborted) break;
      attempts = n;
      log.write(`=== ${task.id} · ${runner.name} · attempt ${n}/${total} · ${new Date().toISOString()} ===\n`);
      const env = childEnv(
        process.env,
        options.env,
        runner.kind === 'agent' ? runner.env : undefined,
        taskEnv(ctx, { attempt: n, promptFile: invocation?.promptFile }),
      );
      attempt =
        runner.kind === 'shell'
          ? await runShellAttempt(runner, { ctx, options, log, env })
          : await runAgentAttempt(runner, { ...invocation!, spec: { ...invocation!.spec, env } }, { ctx, options, log, env });
      if (!attempt.error) break;
      log.write(`--- ${attempt.error}\n`);
      const hopeless = attempt.outcome.aborted || attempt.outcome.spawnError !== undefined;
      if (hopeless || n === total) break;
      const delay = backoffDelay(n, options.retryDelayMs ?? 1000);
      const notice = `${task.id}: ${attempt.error}; retrying in ${formatMs(delay)} (attempt ${n + 1} of ${total})\n`;
      (options.stderr ?? process.stderr).write(notice);
      log.write(notice);
      await sleep(delay, options.signal);
    }

    const outcome = attempt?.outcome;
    const aborted = outcome?.aborted ?? options.signal?.aborted ?? false;
    let error = attempt?.error ?? (aborted ? 'interrupted before it started' : undefined);
    if (error && attempts > 1) error = `${error} (after ${attempts} attempts)`;
    return result({
      success: !error,
      exitCode: outcome?.exitCode ?? null,
      signal: outcome?.signal ?? null,
      timedOut: outcome?.timedOut ?? false,
      aborted,
      attempts,
      promptFile: invocation?.promptFile,
      error,
    });
  } finally {
    await closeLog(log);
  }
}
