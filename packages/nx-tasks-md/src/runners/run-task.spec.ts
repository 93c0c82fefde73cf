import { existsSync, readFileSync } from 'node:fs';
import { StandInWorkspace, eventually, isAlive } from './__fixtures__/stand-in';
import { commands, makeDoc, makeTask } from './__fixtures__/task';
import { substituteArgv } from './argv-template';
import { AGENT_PRESETS, type AgentPresetName } from './presets';
import { runTask } from './run-task';
import { selectRunner } from './select';
import type { RunTaskOptions } from './types';

/** Real processes, a temporary workspace, stand-in agent CLIs on PATH. */
describe('runTask', () => {
  let ws: StandInWorkspace;
  beforeEach(() => {
    ws = new StandInWorkspace();
  });
  afterEach(() => ws.remove());

  const hostile = 'Create src/x.ts $(touch pwned) `touch pwned2`; rm -rf victim && echo "quoted" \'single\' $HOME | tee pwned3';

  function options(task = makeTask({ id: 'T001' }), extra: Partial<RunTaskOptions> = {}): Omit<RunTaskOptions, 'runner'> {
    return {
      task,
      doc: makeDoc([task]),
      workspaceRoot: ws.root,
      logFile: ws.path('.logs', `${task.id}.log`),
      env: ws.env(),
      stdout: ws.sink,
      stderr: ws.sink,
      retryDelayMs: 10,
      killGraceMs: 200,
      ...extra,
    };
  }

  describe('injection', () => {
    const task = makeTask({ id: 'T066', description: hostile, files: ['src/x.ts'], text: `- [] T066 ${hostile}` });

    beforeEach(() => ws.write('victim/keep.txt', 'still here'));

    function assertNothingRan(): void {
      expect(existsSync(ws.path('pwned'))).toBe(false);
      expect(existsSync(ws.path('pwned2'))).toBe(false);
      expect(existsSync(ws.path('pwned3'))).toBe(false);
      expect(readFileSync(ws.path('victim/keep.txt'), 'utf8')).toBe('still here');
    }

    it('passes task text through a custom runner as exact argv elements, running none of it', async () => {
      ws.addAgent('fake-agent');
      const runner = selectRunner(task, makeDoc([task]), {
        runner: 'mine',
        runners: { mine: { command: ['fake-agent', '--task', '{id}', '--text', '{text}', '{prompt}'] } },
      });
      const result = await runTask({ runner, ...options(task) });
      expect(result).toMatchObject({ success: true, exitCode: 0, attempts: 1 });
      const { argv } = ws.recording('fake-agent');
      expect(argv.slice(0, 4)).toEqual(['--task', 'T066', '--text', hostile]);
      expect(argv).toHaveLength(5);
      expect(argv[4]).toBe(readFileSync(result.promptFile!, 'utf8'));
      expect(argv[4]).toContain(hostile);
      assertNothingRan();
    });

    it('passes the prompt through a preset as one argv element', async () => {
      ws.addAgent('claude');
      const runner = selectRunner(task, makeDoc([task]), { runner: 'claude' });
      const result = await runTask({ runner, ...options(task) });
      expect(result.success).toBe(true);
      const { argv } = ws.recording('claude');
      const prompt = readFileSync(result.promptFile!, 'utf8');
      expect(argv).toEqual(substituteArgv(AGENT_PRESETS.claude.command, { ...emptyValues, prompt }).slice(1));
      assertNothingRan();
    });

    it('passes the prompt on stdin when the runner asks for it', async () => {
      ws.addAgent('fake-agent');
      const runner = selectRunner(task, makeDoc([task]), {
        runner: 'piped',
        runners: { piped: { command: ['fake-agent', '--id', '{id}'], promptVia: 'stdin' } },
      });
      const result = await runTask({ runner, ...options(task) });
      const recording = ws.recording('fake-agent');
      expect(recording.argv).toEqual(['--id', 'T066']);
      expect(recording.stdin).toBe(readFileSync(result.promptFile!, 'utf8'));
      expect(recording.stdin).toContain(hostile);
      assertNothingRan();
    });
  });

  const emptyValues = {
    id: '',
    prompt: '',
    promptFile: '',
    featureDir: '',
    tasksFile: '',
    text: '',
    files: [] as string[],
    workspaceRoot: '',
  };

  it.each(Object.keys(AGENT_PRESETS) as AgentPresetName[])(
    'runs the %s preset with the argv it documents, prompt with quotes and newlines intact',
    async (name) => {
      const binary = AGENT_PRESETS[name].command[0];
      ws.addAgent(binary);
      const task = makeTask({ id: 'T002', description: 'Say "hi"\nand \'bye\'', files: ['src/a.ts', 'docs/b c.md'] });
      const runner = selectRunner(task, makeDoc([task]), { runner: name });
      const result = await runTask({ runner, ...options(task) });
      expect(result.success).toBe(true);
      const prompt = readFileSync(result.promptFile!, 'utf8');
      expect(prompt).toContain('Say "hi"\nand \'bye\'');
      const expected = substituteArgv(AGENT_PRESETS[name].command, { ...emptyValues, prompt, files: task.files });
      expect([binary, ...ws.recording(binary).argv]).toEqual(expected);
      expect(ws.recording(binary).stdin).toBe('');
    },
  );

  it('gives the child TASK_ID, TASK_TEXT, TASK_FILES, FEATURE_DIR, TASKS_FILE and the runner env, in the workspace root', async () => {
    ws.addAgent('fake-agent');
    const task = makeTask({ id: 'T003', description: 'Wire "it" up', files: ['src/a b.ts', 'src/c.ts'], story: 'US2' });
    const runner = selectRunner(task, makeDoc([task]), {
      runner: 'mine',
      runners: { mine: { command: ['fake-agent'], env: { RUNNER_FLAVOUR: 'spicy', TASK_ID: 'not-allowed' } } },
    });
    const result = await runTask({ runner, ...options(task) });
    const { env, cwd, argv } = ws.recording('fake-agent');
    expect(env).toMatchObject({
      TASK_ID: 'T003',
      TASK_TEXT: 'Wire "it" up',
      TASK_FILES: 'src/a b.ts\nsrc/c.ts',
      TASK_STORY: 'US2',
      TASK_ATTEMPT: '1',
      FEATURE_DIR: 'specs/001-demo',
      TASKS_FILE: 'specs/001-demo/tasks.md',
      WORKSPACE_ROOT: ws.root,
      TASK_PROMPT_FILE: result.promptFile,
      RUNNER_FLAVOUR: 'spicy',
    });
    expect(cwd).toBe(ws.root);
    // No {prompt}/{promptFile} in the template: the prompt is appended as the last element.
    expect(argv).toEqual([readFileSync(result.promptFile!, 'utf8')]);
  });

  it('gives TASK_FILES and {files} the files to change only, as resolved', async () => {
    ws.addAgent('fake-agent');
    const task = makeTask({ id: 'T005', description: 'Add list.go per data-model.md', files: ['list.go', 'data-model.md'] });
    const runner = selectRunner(task, makeDoc([task]), { runner: 'mine', runners: { mine: { command: ['fake-agent', '{files}'] } } });
    await runTask({ runner, ...options(task), files: { changes: ['cmd/app/list.go'], reads: ['specs/001-demo/data-model.md'] } });
    const { env, argv } = ws.recording('fake-agent');
    expect(env.TASK_FILES).toBe('cmd/app/list.go');
    expect(argv.slice(0, 1)).toEqual(['cmd/app/list.go']);
  });

  it('renders the prompt from a template file', async () => {
    ws.addAgent('fake-agent');
    ws.write('prompts/task.md', 'Implement {{id}} ({{description}}) in {{featureDir}}\n{{files}}\n');
    const task = makeTask({ id: 'T004', description: 'Add the parser', files: ['src/parse.ts'] });
    const runner = selectRunner(task, makeDoc([task]), { runner: 'mine', runners: { mine: { command: ['fake-agent', '{promptFile}'] } } });
    const result = await runTask({ runner, ...options(task, { promptTemplate: 'prompts/task.md' }) });
    const { argv } = ws.recording('fake-agent');
    expect(argv).toEqual([result.promptFile]);
    expect(readFileSync(result.promptFile!, 'utf8')).toBe('Implement T004 (Add the parser) in specs/001-demo\n- src/parse.ts\n');
  });

  it('keeps a prompt that starts with "-" from being read as an option', async () => {
    ws.addAgent('fake-agent');
    ws.write('prompts/list.md', '- task {{id}}\n');
    const task = makeTask({ id: 'T005' });
    const runner = selectRunner(task, makeDoc([task]), { runner: 'mine', runners: { mine: { command: ['fake-agent', '{prompt}'] } } });
    const result = await runTask({ runner, ...options(task, { promptTemplate: 'prompts/list.md' }) });
    expect(ws.recording('fake-agent').argv).toEqual(['\n- task T005\n']);
    expect(readFileSync(result.logFile, 'utf8')).toContain('# command: "fake-agent" <prompt>');
  });

  it('fails without running anything when the template has an unknown placeholder', async () => {
    ws.addAgent('fake-agent');
    ws.write('prompts/bad.md', 'line one\n{{oops}}\n');
    const runner = selectRunner(makeTask({ id: 'T001' }), makeDoc([]), { runner: 'mine', runners: { mine: { command: ['fake-agent'] } } });
    const result = await runTask({ runner, ...options(undefined, { promptTemplate: 'prompts/bad.md' }) });
    expect(result).toMatchObject({ success: false, attempts: 0 });
    expect(result.error).toMatch(/prompts\/bad\.md:2: unknown placeholder \{\{oops\}\}/);
    expect(ws.hasRecording('fake-agent')).toBe(false);
  });

  it('refuses a NUL byte in the argv before starting the agent, naming the task line', async () => {
    ws.addAgent('fake-agent');
    const task = makeTask({ id: 'T009', line: 7, description: 'do a\u0000b', text: '- [] T009 do a\u0000b' });
    const runner = selectRunner(task, makeDoc([task]), {
      runner: 'mine',
      runners: { mine: { command: ['fake-agent', '--text', '{text}'] } },
    });
    const result = await runTask({ runner, ...options(task) });
    expect(result).toMatchObject({ success: false, attempts: 0 });
    expect(result.error).toMatch(/^mine cannot be started: argument 2 \("\{text\}"\) contains a NUL byte \(U\+0000\).*:7\)$/);
    expect(ws.hasRecording('fake-agent')).toBe(false);
  });

  it('names the agent program it could not start (EACCES: not executable)', async () => {
    ws.write('bin-noexec/agent', '#!/bin/sh\nexit 0\n');
    const runner = selectRunner(makeTask({ id: 'T001' }), makeDoc([]), {
      runner: 'mine',
      runners: { mine: { command: [ws.path('bin-noexec/agent')] } },
    });
    const result = await runTask({ runner, ...options() });
    expect(result.error).toBe(`mine: could not start the agent program ${ws.path('bin-noexec/agent')}: permission denied (EACCES)`);
  });

  it('says how to install an agent that is not on PATH, without retrying', async () => {
    const runner = selectRunner(makeTask({ id: 'T001' }), makeDoc([]), { runner: 'gemini' });
    const result = await runTask({ runner, ...options(undefined, { env: { PATH: ws.bin }, retries: 3 }) });
    expect(result).toMatchObject({ success: false, attempts: 1 });
    expect(result.error).toContain('gemini: command not found on PATH (install Gemini CLI: npm install -g @google/gemini-cli)');
  });

  describe('shell runner', () => {
    it("runs the task's commands in order in the workspace root, echoing them to the log", async () => {
      const task = makeTask({ id: 'T010', commands: commands('echo one >> order.txt', 'pwd > where.txt\necho two >> order.txt') });
      const result = await runTask({ runner: selectRunner(task, makeDoc([task]), {}), ...options(task) });
      expect(result).toMatchObject({ success: true, exitCode: 0, attempts: 1 });
      expect(readFileSync(ws.path('order.txt'), 'utf8')).toBe('one\ntwo\n');
      expect(readFileSync(ws.path('where.txt'), 'utf8').trim()).toBe(ws.root);
      const log = readFileSync(result.logFile, 'utf8');
      expect(log).toContain('$ echo one >> order.txt');
      expect(log.indexOf('echo one')).toBeLessThan(log.indexOf('pwd > where.txt'));
    });

    it('stops at the first failing command, and a failing line fails its block', async () => {
      const task = makeTask({
        id: 'T011',
        commands: commands('echo one >> order.txt', 'false\necho after-false >> order.txt', 'echo three >> order.txt'),
      });
      const result = await runTask({ runner: selectRunner(task, makeDoc([task]), {}), ...options(task) });
      expect(result).toMatchObject({ success: false, exitCode: 1, attempts: 1 });
      expect(result.error).toBe('command 2 of 3 (line 11: false) exited with code 1');
      expect(readFileSync(ws.path('order.txt'), 'utf8')).toBe('one\n');
    });

    it('streams output live and into the log file', async () => {
      const chunks: string[] = [];
      ws.sink.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
      const task = makeTask({ id: 'T012', commands: commands('echo to-out; echo to-err >&2') });
      const result = await runTask({ runner: selectRunner(task, makeDoc([task]), {}), ...options(task) });
      const log = readFileSync(result.logFile, 'utf8');
      expect(chunks.join('')).toContain('to-out');
      expect(chunks.join('')).toContain('to-err');
      expect(log).toContain('to-out');
      expect(log).toContain('to-err');
    });
  });

  describe('retries', () => {
    // Fails until it has been called three times.
    const flaky = 'n=$(($(cat count 2>/dev/null || echo 0) + 1)); echo $n > count; [ "$n" -ge 3 ]';

    it('retries a failing task with backoff until it succeeds', async () => {
      const task = makeTask({ id: 'T020', commands: commands(flaky) });
      const result = await runTask({ runner: selectRunner(task, makeDoc([task]), {}), ...options(task, { retries: 4 }) });
      expect(result).toMatchObject({ success: true, attempts: 3, exitCode: 0 });
      expect(readFileSync(ws.path('count'), 'utf8').trim()).toBe('3');
      expect(readFileSync(result.logFile, 'utf8').match(/=== T020 · shell · attempt \d\/5/g)).toHaveLength(3);
    });

    it('gives up after the last retry and says how many attempts were made', async () => {
      const task = makeTask({ id: 'T021', commands: commands(flaky) });
      const result = await runTask({ runner: selectRunner(task, makeDoc([task]), {}), ...options(task, { retries: 1 }) });
      expect(result).toMatchObject({ success: false, attempts: 2, exitCode: 1 });
      expect(result.error).toMatch(/exited with code 1 \(after 2 attempts\)$/);
    });

    it('passes the attempt number to agents', async () => {
      ws.addAgent('fake-agent');
      const task = makeTask({ id: 'T022' });
      const runner = selectRunner(task, makeDoc([task]), { runner: 'mine', runners: { mine: { command: ['fake-agent'] } } });
      const result = await runTask({ runner, ...options(task, { retries: 2, env: ws.env({ STANDIN_EXIT: '7' }) }) });
      expect(result).toMatchObject({ success: false, attempts: 3, exitCode: 7 });
      expect(ws.recording('fake-agent').env.TASK_ATTEMPT).toBe('3');
    });
  });

  describe('stopping the process tree', () => {
    // The grandchild writes its pid, then the task waits on it forever.
    const spawnsGrandchild = 'sleep 1000 & echo $! > grandchild.pid; wait';

    it('kills the whole tree on timeout, grandchildren included', async () => {
      const task = makeTask({ id: 'T030', commands: commands(spawnsGrandchild) });
      const result = await runTask({ runner: selectRunner(task, makeDoc([task]), {}), ...options(task, { timeoutMs: 500 }) });
      expect(result).toMatchObject({ success: false, timedOut: true, aborted: false, attempts: 1 });
      expect(result.error).toMatch(/timed out after 500ms; its process tree was stopped/);
      const pid = Number(readFileSync(ws.path('grandchild.pid'), 'utf8'));
      expect(await eventually(() => !isAlive(pid))).toBe(true);
    });

    it('escalates to SIGKILL when the tree ignores SIGTERM', async () => {
      const stubborn = "trap '' TERM; sleep 1000 & echo $! > grandchild.pid; while :; do sleep 0.05; done";
      const task = makeTask({ id: 'T031', commands: commands(stubborn) });
      const result = await runTask({ runner: selectRunner(task, makeDoc([task]), {}), ...options(task, { timeoutMs: 300 }) });
      expect(result).toMatchObject({ success: false, timedOut: true, signal: 'SIGKILL' });
      // The grandchild inherited the ignored SIGTERM; only the group SIGKILL ends it.
      const pid = Number(readFileSync(ws.path('grandchild.pid'), 'utf8'));
      expect(await eventually(() => !isAlive(pid))).toBe(true);
    });

    it('kills the whole tree when the abort signal fires, and does not retry', async () => {
      const task = makeTask({ id: 'T032', commands: commands(spawnsGrandchild) });
      const controller = new AbortController();
      const running = runTask({
        runner: selectRunner(task, makeDoc([task]), {}),
        ...options(task, { signal: controller.signal, retries: 3 }),
      });
      expect(
        await eventually(() => existsSync(ws.path('grandchild.pid')) && readFileSync(ws.path('grandchild.pid'), 'utf8').trim() !== ''),
      ).toBe(true);
      const pid = Number(readFileSync(ws.path('grandchild.pid'), 'utf8'));
      controller.abort();
      const result = await running;
      expect(result).toMatchObject({ success: false, aborted: true, attempts: 1, signal: 'SIGTERM' });
      expect(result.error).toMatch(/was interrupted$/);
      expect(await eventually(() => !isAlive(pid))).toBe(true);
    });

    it('stops background processes a task leaves behind when it exits', async () => {
      const task = makeTask({ id: 'T033', commands: commands('sleep 1000 > /dev/null 2>&1 & echo $! > leftover.pid') });
      const result = await runTask({ runner: selectRunner(task, makeDoc([task]), {}), ...options(task) });
      expect(result.success).toBe(true);
      const pid = Number(readFileSync(ws.path('leftover.pid'), 'utf8'));
      expect(await eventually(() => !isAlive(pid))).toBe(true);
    });

    it('stops waiting for output pipes held open by a process that left the group', async () => {
      // setsid puts the sleeper in a session of its own: out of reach of the group, holding stdout.
      const task = makeTask({ id: 'T035', commands: commands('setsid sleep 1000 & echo $! > escaped.pid') });
      const result = await runTask({ runner: selectRunner(task, makeDoc([task]), {}), ...options(task) });
      expect(result).toMatchObject({ success: true, exitCode: 0, attempts: 1 });
      process.kill(Number(readFileSync(ws.path('escaped.pid'), 'utf8')), 'SIGKILL');
    });

    it('does not start when already aborted', async () => {
      const task = makeTask({ id: 'T034', commands: commands('touch ran') });
      const controller = new AbortController();
      controller.abort();
      const result = await runTask({ runner: selectRunner(task, makeDoc([task]), {}), ...options(task, { signal: controller.signal }) });
      expect(result).toMatchObject({ success: false, aborted: true, attempts: 0 });
      expect(existsSync(ws.path('ran'))).toBe(false);
    });
  });
});
