import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import type { Task, TaskDocument, TaskGraphOptions } from '../../model';
import type { FeatureAnalysis } from '../../feature/analyze-document';
import { tasksAfter } from '../../graph';
import { analyzeFeature } from '../../feature/analyze-feature';
import { agentFiles, NO_FILES, type TaskFileSet } from '../../feature/task-files';
import { progressLineFor, type ProgressOutcome } from '../../report/progress';
import { RunnerSelectionError, runPolicy, runTask, selectRunner } from '../../runners';
import type { ResolvedRunner, RunnerSettingsLayers, RunTaskResult } from '../../runners/types';
import {
  updateFeature,
  updateLocked,
  withFeatureLock,
  type FeatureChange,
  type FeatureFiles,
  type FeatureSnapshot,
} from '../../state/locked-update';
import { describeLeftover, processGroupRecord, stopLeftoverRunner } from '../../state/leftover-runner';
import { isOwnerAlive, currentOwner } from '../../state/owner';
import { joinRun, otherLiveRun, runningMessage } from '../../state/run-lock';
import { featurePaths, logFileFor, toPosix, type FeaturePaths } from '../../state/paths';
import { contextDocumentHashes } from '../../state/context-documents';
import type { ImplementationState, TaskRecord } from '../../state/state-schema';
import { refreshSummary } from '../../state/summary';
import { runMarkerOf, setTaskNote, setTaskState, TaskWriteError } from '../../writer';
import { commitMessage, commitTask } from './git-commit';
import { endedLikeAStop, stopFollows } from '../shared/stop-signals';
import { missingFiles, phantomMessage, snapshotFiles, unchangedFiles, type FileSnapshot } from '../../feature/verify-files';
import { withIoContext } from '../../state/io-error';

export interface CheckboxTaskInput {
  workspaceRoot: string;
  /** Workspace-relative tasks.md. */
  tasksFile: string;
  taskId: string;
  projectName: string;
  runnerSettings: RunnerSettingsLayers;
  runnerOverride?: string;
  includeOptional: boolean;
  dryRun: boolean;
  commit: boolean;
  graphOptions?: TaskGraphOptions;
  /** The `allowedPaths` option: roots outside the workspace tasks may name. */
  allowedPaths?: readonly string[];
  /** The Nx command this task runs in: another command running the feature makes it refuse (state/run-lock). */
  runId?: string;
  /** NX_TASK_HASH of this run, recorded in the state file. */
  hash?: string;
  /** Fired on SIGINT/SIGTERM: the runner's process tree is stopped and the task put back to `[ ]`. */
  signal?: AbortSignal;
  print?: (line: string) => void;
  printError?: (line: string) => void;
  /** Variables for the runner's child over this process's own (batch mode: what Nx sets per task). */
  env?: Record<string, string | undefined>;
  /** The runner's live output; default process.stdout / process.stderr. */
  stdout?: Writable;
  stderr?: Writable;
}

export type CheckboxTaskOutcome = 'done' | 'already-done' | 'skipped-optional' | 'skipped' | 'dry-run' | 'failed' | 'interrupted';

export interface CheckboxTaskResult {
  success: boolean;
  outcome: CheckboxTaskOutcome;
  message?: string;
}

type Claim =
  | { kind: 'finished'; result: CheckboxTaskResult }
  | {
      kind: 'claimed';
      task: Task;
      doc: TaskDocument;
      files: TaskFileSet;
      /** What the files it says it edits held before its first unfinished run (TaskRecord.baseline); none for a redo. */
      contentBefore?: FileSnapshot;
      runner: ResolvedRunner;
      startedAt: Date;
    };

/**
 * The checkbox protocol for one task: a ticked task is not run again; an optional one is skipped
 * unless included; a parent is ticked when its sub-tasks are; otherwise the box goes `[>]` while
 * the runner works, then `[x]` once the files the task names exist, or `[!]` with a one-line note.
 * Every change to tasks.md and the state file is one locked, atomic update.
 */
export async function runCheckboxTask(input: CheckboxTaskInput): Promise<CheckboxTaskResult> {
  const print = input.print ?? ((line) => process.stdout.write(`${line}\n`));
  const printError = input.printError ?? ((line) => process.stderr.write(`${line}\n`));
  const paths = featurePaths(input.workspaceRoot, input.tasksFile);
  const logFile = logFileFor(paths, input.taskId);
  const logRel = toPosix(path.relative(input.workspaceRoot, logFile));
  const job: TaskJob = { input, paths, logFile, logRel, print, printError };

  const ticked = tickedWithoutLock(paths, input);
  if (ticked) {
    print(ticked.message!);
    return ticked;
  }

  const claim = await claimTask(job);

  if (claim.kind === 'finished') {
    const { result } = claim;
    if (result.outcome === 'done') printProgress(paths, input, 'done', print);
    else if (result.message) (result.success ? print : printError)(result.message);
    return result;
  }

  const ran = await runClaimedTask(job, claim);
  return settleTask(job, claim, ran);
}

/** What every step of one task's run works with. */
interface TaskJob {
  input: CheckboxTaskInput;
  paths: FeaturePaths;
  logFile: string;
  /** The log's workspace-relative path, as notes and messages show it. */
  logRel: string;
  print: (line: string) => void;
  printError: (line: string) => void;
}

type ClaimedTask = Extract<Claim, { kind: 'claimed' }>;

/** How the runner's work ended, before it is written down. */
interface RunVerdict {
  run?: RunTaskResult;
  outcome: Extract<CheckboxTaskOutcome, 'done' | 'failed' | 'interrupted'>;
  failure?: string;
  endedAt: Date;
}

/**
 * Claim: under the lock, either finish the task without running it (done, skipped, refused, ...)
 * or mark it `[>]` and record its owner, baseline and runner.
 */
async function claimTask(job: TaskJob): Promise<Claim> {
  const { input, paths, logRel, print } = job;
  const claim = await updateFeature<Claim>(paths, async ({ tasksText, state, recentlyEdited }) => {
    const analysis = analysisOf(tasksText, input);
    const doc = analysis.doc;
    const task = doc.tasks.find((t) => t.id === input.taskId);
    const finish = (result: CheckboxTaskResult, change: { tasksText?: string; state?: ImplementationState } = {}) => {
      if (change.state) refreshSummary(change.state, change.tasksText ? reanalyze(change.tasksText) : analysis, input.includeOptional);
      return { ...change, result: { kind: 'finished' as const, result } };
    };
    const reanalyze = (text: string) => analysisOf(text, input);
    // Another nx command runs this feature: its tasks are its own (two runs would take each
    // other's tasks and both give up). This task's parent process is its own Nx command.
    const otherRun = input.dryRun ? undefined : joinRun(paths, input.runId, process.ppid);
    if (otherRun) return finish({ success: false, outcome: 'failed', message: runningMessage(input.projectName, otherRun) });
    if (!task) {
      // A file saved moments ago may be caught half written: read it again before failing.
      if (recentlyEdited) return { retry: true };
      return finish({ success: false, outcome: 'failed', message: `${input.taskId} is not a task of ${input.tasksFile}` });
    }
    if (task.state === 'done') {
      return finish({ success: true, outcome: 'already-done', message: `${task.id} already complete` });
    }
    if (task.state === 'skipped') {
      return finish({ success: true, outcome: 'skipped', message: `${task.id} is marked skipped in ${input.tasksFile}: not run` });
    }
    if (task.state === 'blocked') {
      return finish({
        success: false,
        outcome: 'failed',
        message: `${task.id} is marked blocked in ${input.tasksFile}; set its box to [ ] to run it`,
      });
    }
    const refusal = analysis.refused[task.id]?.[0];
    if (input.dryRun) {
      const line = refusal ? `${task.id} would fail: ${refusal.message}` : dryRunLine(task, doc, input);
      return finish({ success: true, outcome: 'dry-run', message: line });
    }
    if (task.optional && !input.includeOptional) {
      record(state, task, { status: 'skipped' });
      return finish(
        { success: true, outcome: 'skipped-optional', message: `${task.id} is optional: skipped (run with --include-optional to run it)` },
        { state },
      );
    }
    if (task.children.length > 0) {
      const waiting = task.children
        .map((id) => doc.tasks.find((t) => t.id === id))
        .filter((child): child is Task => !!child && child.state !== 'done' && (input.includeOptional || !child.optional));
      if (waiting.length > 0) {
        const message = `${task.id} has sub-tasks that are not done: ${waiting.map((t) => t.id).join(', ')}`;
        return finish({ success: false, outcome: 'failed', message });
      }
      const now = new Date().toISOString();
      record(state, task, {
        status: 'completed',
        started_at: now,
        ended_at: now,
        duration_ms: 0,
        error: undefined,
        context_documents: contextDocumentHashes(paths.featureDir),
      });
      const text = setTaskNote(setTaskState(tasksText, task.id, 'done'), task.id, null);
      return finish({ success: true, outcome: 'done' }, { tasksText: text, state });
    }
    const previous = state.tasks[task.id];
    if (task.state === 'in-progress' && previous?.owner && isOwnerAlive(previous.owner) && previous.owner.pid !== process.pid) {
      const { pid, host } = previous.owner;
      return finish({
        success: false,
        outcome: 'failed',
        message: `${task.id} is already running (pid ${pid} on ${host}); wait for it, or stop that process`,
      });
    }
    if (task.state === 'in-progress') {
      // Its owner was killed outright: the runner it started may still be at work.
      const leftover = await stopLeftoverRunner(previous?.owner);
      if (leftover?.kind === 'running') return finish({ success: false, outcome: 'failed', message: describeLeftover(task.id, leftover) });
      if (leftover) print(describeLeftover(task.id, leftover));
    }
    if (refusal) {
      // Named paths the runner must never get (outside the workspace, .git/…): fail before it starts.
      const reason = `${refusal.message} (${refusal.file}:${refusal.line})`;
      record(state, task, { status: 'failed', error: reason, exit_code: null });
      const text = withNote(setTaskState(tasksText, task.id, 'failed'), task.id, refusal.message);
      return finish({ success: false, outcome: 'failed', message: reason }, { tasksText: text, state });
    }
    let runner: ResolvedRunner;
    try {
      runner = selectRunner(task, doc, input.runnerSettings, input.runnerOverride);
    } catch (error) {
      if (!(error instanceof RunnerSelectionError)) throw error;
      const firstLine = error.message.split('\n')[0];
      record(state, task, { status: 'failed', error: firstLine, exit_code: null });
      const text = withNote(setTaskState(tasksText, task.id, 'failed'), task.id, firstLine);
      return finish({ success: false, outcome: 'failed', message: error.message }, { tasksText: text, state });
    }
    // Work done before (a done task unticked, `--restart-from`): finding nothing to change is fine.
    const restartFrom = state.run?.restart_from;
    const redo =
      previous?.status === 'completed' ||
      (!!restartFrom && (restartFrom === task.id || tasksAfter(analysis.graph, restartFrom).includes(task.id)) && !!previous?.ended_at);
    const files = analysis.taskFiles[task.id] ?? NO_FILES;
    // Taken before the runner starts and kept in the state file until the task is done, so a run
    // that is killed after its agent edited the files still leaves the first baseline behind.
    const contentBefore = redo ? undefined : withBaseline(snapshotFiles(input.workspaceRoot, files.mustChange), previous?.baseline);
    const startedAt = new Date();
    record(state, task, {
      status: 'running',
      started_at: startedAt.toISOString(),
      ended_at: undefined,
      duration_ms: undefined,
      exit_code: undefined,
      error: undefined,
      restored: undefined,
      runner: runner.name,
      log: logRel,
      hash: input.hash,
      owner: currentOwner(startedAt),
      baseline: contentBefore?.size ? Object.fromEntries(contentBefore) : undefined,
    });
    state.current_phase = task.phase;
    refreshSummary(state, analysis, input.includeOptional);
    const claimedText = setTaskState(tasksText, task.id, 'in-progress', { doc });
    return {
      tasksText: claimedText,
      transient: true,
      state,
      result: { kind: 'claimed', task, doc, files, contentBefore, runner, startedAt },
    };
  });

  if (!claim) throw new Error(`internal: no claim for ${input.taskId}`);
  return claim;
}

/** Run: the runner does the task (unless the run is already stopping), then its files are checked. */
async function runClaimedTask(job: TaskJob, claim: ClaimedTask): Promise<RunVerdict> {
  const { input, paths, logFile, logRel, print, printError } = job;
  const { task, doc, files, contentBefore, runner } = claim;
  print(`${task.id} running with ${runner.name} (${runner.reason}); log: ${logRel}`);
  let run: RunTaskResult | undefined;
  let crash: string | undefined;
  // The claim records each runner's process group, for a later run to stop should this process be killed.
  let groupRecorded: Promise<unknown> = Promise.resolve();
  const onProcessGroup = (pgid: number) => {
    const group = processGroupRecord(pgid);
    if (!group) return;
    groupRecorded = groupRecorded
      .then(() =>
        updateFeature(paths, ({ state }) => {
          const owner = state.tasks[task.id]?.owner;
          if (!owner || owner.pid !== process.pid) return {};
          owner.process_group = group;
          return { state };
        }),
      )
      .catch((error: Error) => printError(`${task.id}: could not record its runner's process group: ${error.message}`));
  };
  if (!input.signal?.aborted) {
    const policy = runPolicy(input.runnerSettings);
    try {
      run = await runTask({
        runner,
        task,
        doc,
        files: agentFiles(files),
        workspaceRoot: input.workspaceRoot,
        logFile,
        tasksFile: input.tasksFile,
        featureDir: paths.featureRel,
        timeoutMs: policy.timeoutMs,
        retries: policy.retries,
        retryDelayMs: policy.retryDelayMs,
        promptTemplate: policy.promptTemplate,
        signal: input.signal,
        onProcessGroup,
        stdout: input.stdout,
        stderr: input.stderr,
        env: input.env,
      });
    } catch (error) {
      crash = (error as Error).message;
    }
  }
  // Nx stops a run leaves first: the runner dies of the stop before this process hears of it.
  const stopped = !!run && !!input.signal && endedLikeAStop(run) && (await stopFollows(input.signal));
  const interrupted = stopped || input.signal?.aborted === true || run?.aborted === true;
  let failure: string | undefined;
  if (!interrupted) {
    if (crash !== undefined) failure = `${task.id} could not be run: ${crash}`;
    else if (!run!.success) failure = run!.error ?? `${task.id} failed (exit code ${run!.exitCode})`;
    else {
      const missing = missingFiles(input.workspaceRoot, files.mustExist);
      const unchanged = contentBefore ? unchangedFiles(input.workspaceRoot, contentBefore) : [];
      if (missing.length || unchanged.length) failure = phantomMessage(task.id, missing, unchanged);
    }
  }

  await groupRecorded;
  const endedAt = new Date();
  const outcome: CheckboxTaskOutcome = interrupted ? 'interrupted' : failure ? 'failed' : 'done';
  return { run, outcome, failure, endedAt };
}

/** Settle: under the lock, the box and the record say how the run ended; a done task may be committed. */
async function settleTask(job: TaskJob, claim: ClaimedTask, verdict: RunVerdict): Promise<CheckboxTaskResult> {
  const { input, paths, logRel, print, printError } = job;
  const { task, files, startedAt } = claim;
  const { run, outcome, failure, endedAt } = verdict;
  const fields: Partial<TaskRecord> = {
    status: outcome === 'done' ? 'completed' : outcome === 'failed' ? 'failed' : 'interrupted',
    started_at: startedAt.toISOString(),
    ended_at: endedAt.toISOString(),
    duration_ms: endedAt.getTime() - startedAt.getTime(),
    exit_code: run?.exitCode ?? null,
    error: outcome === 'done' ? undefined : outcome === 'interrupted' ? 'interrupted' : failure,
    owner: undefined,
    log: logRel,
    ...(outcome === 'done' ? { context_documents: contextDocumentHashes(paths.featureDir) } : {}),
    // Done: the next run of this task (unticked, --restart-from) starts from what is there then.
    ...(outcome === 'done' ? { baseline: undefined } : {}),
  };
  const settle = settleChange(input, task, outcome, { ...fields }, run?.attempts ?? 0, failure, logRel);
  const settled =
    outcome === 'done' && input.commit
      ? await withFeatureLock(paths, async (io) => {
          const result = (await updateLocked(io, settle))!;
          await commitSettled(io, result, input, task, files, printError);
          return result;
        })
      : (await updateFeature(paths, settle))!;
  if (settled.notUpdated) printError(`${task.id}: tasks.md was not updated: ${settled.notUpdated}`);
  if (outcome !== 'interrupted') {
    print(progressLineFor(settled.afterDoc, task.id, outcome, { includeOptional: input.includeOptional, durationMs: fields.duration_ms }));
  }

  if (outcome === 'interrupted') {
    printError(`${task.id} interrupted: stopped and put back to [ ]`);
    return { success: false, outcome, message: 'interrupted' };
  }
  if (failure) {
    printError(`${failure}\nSee the log: ${logRel}`);
    return { success: false, outcome, message: failure };
  }
  return { success: true, outcome };
}

interface Settled {
  text: string;
  afterDoc: TaskDocument;
  state: ImplementationState;
  notUpdated?: string;
}

/** The update that ends a task's run: its record, and its box ticked, failed with a note, or put back. */
function settleChange(
  input: CheckboxTaskInput,
  task: Task,
  outcome: CheckboxTaskOutcome,
  fields: Partial<TaskRecord>,
  attempts: number,
  failure: string | undefined,
  logRel: string,
): (snapshot: FeatureSnapshot) => FeatureChange<Settled> {
  return ({ tasksText: current, state }) => {
    record(state, task, { ...fields, attempts: (state.tasks[task.id]?.attempts ?? 0) + attempts });
    let text = current;
    let notUpdated: string | undefined;
    try {
      // One analysis of the current text serves both writes; usually it is the claim's, one box on.
      // The note sits below the task's line, so removing it first leaves the checkbox in place.
      const doc = analysisOf(current, input).doc;
      if (outcome === 'done') {
        const unnoted = setTaskNote(current, task.id, null, { doc });
        text = setTaskState(unnoted, task.id, 'done', unnoted === current ? { doc } : {});
      } else if (outcome === 'failed') text = withNote(setTaskState(current, task.id, 'failed', { doc }), task.id, failure!, logRel);
      else text = setTaskState(current, task.id, 'pending', { doc });
    } catch (error) {
      // The task was edited away while it ran: keep the file as the user left it.
      if (!(error instanceof TaskWriteError)) throw error;
      notUpdated = error.message;
    }
    const after = analysisOf(text, input);
    refreshSummary(state, after, input.includeOptional);
    return { tasksText: text, state, result: { text, afterDoc: after.doc, state, notUpdated } };
  };
}

/** `--commit`: the task's files and tasks.md as of its tick, committed under the same hold of the lock. */
async function commitSettled(
  io: FeatureFiles,
  settled: Settled,
  input: CheckboxTaskInput,
  task: Task,
  files: TaskFileSet,
  printError: (line: string) => void,
): Promise<void> {
  try {
    const sha = commitTask({
      workspaceRoot: input.workspaceRoot,
      files: files.changes,
      tasksFile: input.tasksFile,
      tasksText: withoutRunningMarks(settled.text, settled.afterDoc),
      message: commitMessage(input.projectName, task.id, task.description),
    });
    if (sha) {
      await updateLocked(io, ({ state }) => {
        state.tasks[task.id].commit = sha;
        return { state };
      });
    }
  } catch (error) {
    printError(`${task.id}: could not commit: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * The last analysis of each tasks.md this process read or wrote. In a batch, one task's claim reads
 * the text the previous task's update wrote: its analysis is already known, nothing is parsed.
 */
const lastAnalysis = new Map<string, { key: string; text: string; analysis: FeatureAnalysis }>();

function analysisKey(input: CheckboxTaskInput): string {
  return JSON.stringify([input.workspaceRoot, input.graphOptions ?? {}, input.allowedPaths ?? []]);
}

function analysisOf(text: string, input: CheckboxTaskInput): FeatureAnalysis {
  const known = lastAnalysis.get(input.tasksFile);
  if (known && known.key === analysisKey(input)) {
    if (known.text === text) return known.analysis;
    const derived = withOneBoxChanged(known, text);
    if (derived) return remember(text, input, derived);
  }
  const analysis = analyzeFeature(text, {
    tasksFile: input.tasksFile,
    workspaceRoot: input.workspaceRoot,
    graph: input.graphOptions,
    allowedPaths: input.allowedPaths,
  });
  return remember(text, input, analysis);
}

/**
 * The analysis of `text` when it differs from a known text in one task's box only (what every
 * claim and tick of another task of the same batch does): no parse.
 */
function withOneBoxChanged(known: { text: string; analysis: FeatureAnalysis }, text: string): FeatureAnalysis | undefined {
  if (text.length !== known.text.length) return undefined;
  let at = -1;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === known.text.charCodeAt(i)) continue;
    if (at >= 0) return undefined;
    at = i;
  }
  const { doc } = known.analysis;
  const task = doc.tasks.find((t) => t.checkbox.offset === at);
  const state = task && Object.hasOwn(doc.legend, text[at]) ? doc.legend[text[at]] : undefined;
  if (!task || !state || known.text[at] !== task.marker) return undefined;
  return { ...known.analysis, doc: withBox(doc, task.id, state, text) };
}

function remember(text: string, input: CheckboxTaskInput, analysis: FeatureAnalysis): FeatureAnalysis {
  lastAnalysis.set(input.tasksFile, { key: analysisKey(input), text, analysis });
  return analysis;
}

/**
 * A task ticked in tasks.md as it is now, answered from one read without the feature lock (every
 * write is a rename, so the file read is whole): a completed plan run again changes nothing, and
 * its thousands of tasks need not queue for the lock one after the other. Anything else (not
 * ticked, not found, another command running the feature) goes through the locked claim.
 */
function tickedWithoutLock(paths: FeaturePaths, input: CheckboxTaskInput): CheckboxTaskResult | undefined {
  if (!input.dryRun && otherLiveRun(paths, input.runId)) return undefined;
  let task: Task | undefined;
  try {
    // A linked tasks.md is left to the claim, which checks where it leads.
    if (!fs.lstatSync(paths.tasksFile).isFile()) return undefined;
    task = analysisOf(fs.readFileSync(paths.tasksFile, 'utf8'), input).doc.tasks.find((t) => t.id === input.taskId);
  } catch {
    return undefined;
  }
  if (task?.state !== 'done') return undefined;
  return { success: true, outcome: 'already-done', message: `${task.id} already complete` };
}

/** A file's content as it was before the task's first unfinished run, when that is known. */
function withBaseline(now: FileSnapshot, baseline: Record<string, string> | undefined): FileSnapshot {
  if (!baseline) return now;
  return new Map([...now].map(([file, state]) => [file, Object.hasOwn(baseline, file) ? baseline[file] : state]));
}

/**
 * The failure note with the log's path, or without it when the writer refuses (a note must not
 * change how the task itself reads, and a path in it could be taken for a file the task names).
 */
function withNote(text: string, id: string, reason: string, logRel?: string): string {
  for (const note of logRel ? [`${reason} (log: ${logRel})`, reason] : [reason]) {
    try {
      return setTaskNote(text, id, note);
    } catch (error) {
      if (!(error instanceof TaskWriteError)) throw error;
    }
  }
  return text;
}

/**
 * The parse of a text whose only change is one task's box, without parsing it again: every
 * position in the parse still holds.
 */
function withBox(doc: TaskDocument, id: string, state: Task['state'], text: string): TaskDocument {
  return {
    ...doc,
    tasks: doc.tasks.map((t) => (t.id === id ? { ...t, state, marker: text[t.checkbox.offset] } : t)),
  };
}

/**
 * tasks.md as committed: other tasks' `[>]` (still running) go back to `[ ]`; the plan's own
 * in-progress markers (`[~]`) stay as written.
 */
function withoutRunningMarks(text: string, doc: TaskDocument): string {
  const running = runMarkerOf(doc);
  return doc.tasks
    .filter((t) => t.state === 'in-progress' && t.marker === running)
    .reduce((acc, t) => setTaskState(acc, t.id, 'pending'), text);
}

function record(state: ImplementationState, task: Task, fields: Partial<TaskRecord>): void {
  const previous: TaskRecord = state.tasks[task.id] ?? { status: 'pending', attempts: 0 };
  const next: TaskRecord = { ...previous, ...fields, phase: task.phase };
  for (const key of Object.keys(next) as (keyof TaskRecord)[]) {
    if (next[key] === undefined) delete next[key];
  }
  state.tasks[task.id] = next;
}

function dryRunLine(task: Task, doc: TaskDocument, input: CheckboxTaskInput): string {
  try {
    const runner = selectRunner(task, doc, input.runnerSettings, input.runnerOverride);
    return `${task.id} would run with ${runner.name} (${runner.reason})`;
  } catch (error) {
    return `${task.id} would fail: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Reads without the lock: every write is a rename, so the file is always whole. */
function printProgress(paths: FeaturePaths, input: CheckboxTaskInput, outcome: ProgressOutcome, print: (line: string) => void) {
  const text = withIoContext('read', input.tasksFile, () => fs.readFileSync(paths.tasksFile, 'utf8'));
  const doc = analyzeFeature(text, { tasksFile: input.tasksFile, workspaceRoot: input.workspaceRoot }).doc;
  print(progressLineFor(doc, input.taskId, outcome, { includeOptional: input.includeOptional }));
}
