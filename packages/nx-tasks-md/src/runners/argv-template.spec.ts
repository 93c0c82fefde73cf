import { substituteArgv, type ArgvValues } from './argv-template';
import { AGENT_PRESETS } from './presets';

const prompt = 'Task T007: say "hello"\nthen \'quote\' it; $(rm -rf ~) `id`\n\t- done';

const values: ArgvValues = {
  id: 'T007',
  prompt,
  promptFile: '/tmp/T007.prompt.md',
  featureDir: 'specs/001-demo',
  tasksFile: 'specs/001-demo/tasks.md',
  text: 'say "hello" {id}',
  files: ['src/a b.ts', 'src/c.ts'],
  workspaceRoot: '/ws',
};

describe('substituteArgv', () => {
  it('fills each element on its own and never re-expands substituted values', () => {
    expect(substituteArgv(['my-agent', '--task={id}', '{text}', '--file', '{promptFile}'], values)).toEqual([
      'my-agent',
      '--task=T007',
      'say "hello" {id}',
      '--file',
      '/tmp/T007.prompt.md',
    ]);
  });

  it('spreads a whole {files} element into one element per file, and joins it inside a longer one', () => {
    expect(substituteArgv(['x', '{files}', '--list={files}'], values)).toEqual([
      'x',
      'src/a b.ts',
      'src/c.ts',
      '--list=src/a b.ts src/c.ts',
    ]);
    expect(substituteArgv(['x', '{files}', 'y'], { ...values, files: [] })).toEqual(['x', 'y']);
  });

  it('leaves braces that are not placeholders alone', () => {
    expect(substituteArgv(['x', '{"json": 1}', '{ id }'], values)).toEqual(['x', '{"json": 1}', '{ id }']);
  });
});

describe('agent presets', () => {
  const binaries: Record<string, string> = {
    claude: 'claude',
    codex: 'codex',
    gemini: 'gemini',
    copilot: 'copilot',
    opencode: 'opencode',
    cursor: 'cursor-agent',
    aider: 'aider',
  };

  it.each(Object.keys(AGENT_PRESETS))('%s puts a prompt with quotes and newlines in exactly one argv element', (name) => {
    const preset = AGENT_PRESETS[name as keyof typeof AGENT_PRESETS];
    const argv = substituteArgv(preset.command, values);
    expect(argv[0]).toBe(binaries[name]);
    expect(argv.filter((a) => a === prompt)).toHaveLength(1);
    expect(argv.filter((a) => a.includes('rm -rf'))).toHaveLength(1);
    expect(preset.docs).toMatch(/^https:\/\//);
  });

  it('has the documented non-interactive shape per tool', () => {
    const argvOf = (name: keyof typeof AGENT_PRESETS) => substituteArgv(AGENT_PRESETS[name].command, values);
    const flagBeforePrompt = (argv: string[], flag: string) => argv.indexOf(flag) >= 0 && argv.indexOf(flag) < argv.indexOf(prompt);
    expect(flagBeforePrompt(argvOf('claude'), '-p')).toBe(true);
    expect(argvOf('codex').slice(0, 2)).toEqual(['codex', 'exec']);
    // Flags that take the prompt as their value must be directly followed by it.
    const valueOf = (argv: string[], flag: string) => argv[argv.indexOf(flag) + 1];
    expect(valueOf(argvOf('gemini'), '--prompt')).toBe(prompt);
    expect(valueOf(argvOf('copilot'), '-p')).toBe(prompt);
    expect(valueOf(argvOf('aider'), '--message')).toBe(prompt);
    expect(argvOf('aider').slice(-2)).toEqual(values.files);
    expect(argvOf('opencode').slice(0, 2)).toEqual(['opencode', 'run']);
    expect(flagBeforePrompt(argvOf('cursor'), '--force')).toBe(true);
  });
});
