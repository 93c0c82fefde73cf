import type { RunnerSettings } from './types';
import { runnerSettingsProblems } from './check-settings';

const W = 'nx.json plugins[0].options';
const check = (settings: RunnerSettings) => runnerSettingsProblems(settings, { workspace: settings }, W);

describe('runner settings checked when read', () => {
  it('accepts presets, shell and custom runners, and their placeholders', () => {
    expect(
      check({
        runner: 'fast',
        runners: {
          fast: { extends: 'claude', args: ['--model', 'opus', '--task={id}'] },
          mine: { command: ['x', '{promptFile}', '{files}'] },
        },
        routes: [{ match: { phase: 'User Story *', text: '^write tests' }, runner: 'shell' }],
      }),
    ).toEqual([]);
  });

  it('names an unknown placeholder with the element path and the placeholder meant', () => {
    expect(check({ runners: { fast: { extends: 'claude', args: ['--model', 'opus', '{promt}'] } } })).toEqual([
      `${W}.runners.fast.args[2]: unknown placeholder {promt} (did you mean {prompt}?); known: {id}, {prompt}, {promptFile}, {featureDir}, {tasksFile}, {text}, {files}, {workspaceRoot}`,
    ]);
    expect(check({ runners: { x: { command: ['x', '--dir={featureDri}'] } } })[0]).toMatch(
      /^nx\.json plugins\[0\]\.options\.runners\.x\.command\[1\]: unknown placeholder \{featureDri\} \(did you mean \{featureDir\}\?\)/,
    );
  });

  it('names unknown runners in runner, routes and extends, with the closest name', () => {
    expect(
      check({
        runner: 'clade',
        routes: [{ match: { story: 'US1' }, runner: 'codx' }],
        runners: { fast: { extends: 'gemni' } },
      }),
    ).toEqual([
      `${W}.runner: unknown runner "clade" (did you mean claude?); known: shell, claude, codex, gemini, copilot, opencode, cursor, aider, fast`,
      `${W}.routes[0].runner: unknown runner "codx" (did you mean codex?); known: shell, claude, codex, gemini, copilot, opencode, cursor, aider, fast`,
      `${W}.runners.fast.extends: unknown runner "gemni" (did you mean gemini?); known: shell, claude, codex, gemini, copilot, opencode, cursor, aider, fast`,
    ]);
  });

  it('names an invalid route regular expression and an empty phase pattern', () => {
    const problems = check({ routes: [{ match: { text: '(unclosed', phase: ' ' }, runner: 'shell' }] });
    expect(problems[0]).toMatch(/^nx\.json plugins\[0\]\.options\.routes\[0\]\.match\.text: invalid regular expression \/\(unclosed\//);
    expect(problems[1]).toBe(`${W}.routes[0].match.phase: an empty pattern matches no phase`);
  });

  it('rejects circular and empty custom runners and a runner named shell', () => {
    expect(
      check({ runners: { a: { extends: 'b' }, b: { extends: 'a' }, c: {}, shell: { command: ['x'] }, claude: { extends: 'claude' } } }),
    ).toEqual([
      `${W}.runners.a.extends: circular runner definitions: a -> b -> a`,
      `${W}.runners.b.extends: circular runner definitions: b -> a -> b`,
      expect.stringMatching(/^nx\.json plugins\[0\]\.options\.runners\.c: a custom runner needs "command"/),
      `${W}.runners.shell: "shell" is the built-in shell runner; pick another name`,
    ]);
  });

  it('lets a feature (project.json) name the workspace runners', () => {
    const workspace: RunnerSettings = { runners: { fast: { extends: 'claude' } } };
    const feature: RunnerSettings = { runner: 'fast', routes: [{ match: { label: 'X' }, runner: 'fsat' }] };
    expect(runnerSettingsProblems(feature, { workspace, feature }, 'specs/001-x/project.json metadata.tasksMd')).toEqual([
      expect.stringMatching(
        /^specs\/001-x\/project\.json metadata\.tasksMd\.routes\[0\]\.runner: unknown runner "fsat" \(did you mean fast\?\)/,
      ),
    ]);
  });
});
