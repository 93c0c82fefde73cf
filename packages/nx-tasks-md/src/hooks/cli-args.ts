/**
 * What an `nx` command line asks for, as far as our hooks care: which targets of which projects,
 * and the flags `--run-with`, `--include-optional`, `--dry-run`, `--restart-from`. The hooks get
 * `process.argv` of the nx CLI (`ctx.argv`), not parsed options.
 */
export interface NxCommandLine {
  targets: string[];
  /** Project names or patterns (`feature-*`); empty = every project (run-many without -p, affected). */
  projects: string[];
  flags: Record<string, string | boolean>;
  /** Every flag as written (`--restartFrom`, `--no-dry-run`, `-p`), without its value, in order. */
  written: string[];
}

const NX_COMMANDS = new Set(['run', 'run-many', 'affected']);
/** Flags that never take a value (so the next token is a positional, not their value). */
const BOOLEAN_FLAGS = new Set([
  'dry-run',
  'include-optional',
  'rerun-gates',
  'skip-nx-cache',
  'skip-remote-cache',
  'skip-sync',
  'verbose',
  'graph',
  'exclude-task-dependencies',
  'nx-bail',
  'nx-ignore-cycles',
  'help',
  'version',
  'batch',
  'tui',
]);
const ALIASES: Record<string, string> = { t: 'targets', target: 'targets', p: 'projects', project: 'projects', c: 'configuration' };

function camelToKebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function parseNxArgv(argv: readonly string[]): NxCommandLine {
  // argv = [node, .../nx(.js), ...args]
  const args = argv.slice(2);
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const written: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (token === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    const long = /^--(no-)?([^=]+)(?:=(.*))?$/s.exec(token);
    const short = /^-([A-Za-z])(?:=(.*))?$/s.exec(token);
    if (!long && !short) {
      positionals.push(token);
      continue;
    }
    const rawName = long ? long[2] : short![1];
    written.push(long ? `--${long[1] ?? ''}${rawName}` : `-${rawName}`);
    const name = ALIASES[rawName] ?? camelToKebab(rawName);
    const inline = long ? long[3] : short![2];
    if (long?.[1]) {
      flags[name] = false;
    } else if (inline !== undefined) {
      flags[name] = inline;
    } else if (BOOLEAN_FLAGS.has(name) || i + 1 >= args.length || args[i + 1].startsWith('-')) {
      flags[name] = true;
    } else {
      flags[name] = args[++i];
    }
  }

  const list = (value: string | boolean | undefined) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  const command = positionals[0];
  let targets = list(flags.targets);
  let projects = list(flags.projects);
  if (command === 'run' || (command && !NX_COMMANDS.has(command) && command.includes(':'))) {
    // nx run project:target[:configuration]  |  nx project:target
    const spec = command === 'run' ? positionals[1] : command;
    if (spec) {
      const [project, target] = spec.split(':');
      if (target) {
        targets = [target];
        projects = [project];
      } else if (positionals[2]) {
        // nx run project target (rare form)
        targets = [positionals[2]];
        projects = [project];
      }
    }
  } else if (command && !NX_COMMANDS.has(command)) {
    // nx target [project]
    targets = [command];
    projects = positionals[1] ? [positionals[1]] : projects;
  }
  return { targets, projects, flags, written };
}

/** Whether `name` is selected by the command's projects (exact names or `*` patterns). */
export function selectsProject(commandLine: NxCommandLine, name: string): boolean {
  if (commandLine.projects.length === 0) return true;
  return commandLine.projects.some((pattern) => {
    if (pattern.startsWith('!')) return false;
    if (!pattern.includes('*')) return pattern === name;
    const regex = new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return regex.test(name);
  });
}

export function stringFlag(commandLine: NxCommandLine, name: string): string | undefined {
  const value = commandLine.flags[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** true for `--name`, false for `--no-name` or `--name=false`, undefined when the flag is not given. */
export function optionalBooleanFlag(commandLine: NxCommandLine, name: string): boolean | undefined {
  return commandLine.flags[name] === undefined ? undefined : booleanFlag(commandLine, name);
}

export function booleanFlag(commandLine: NxCommandLine, name: string): boolean {
  const value = commandLine.flags[name];
  return value === true || value === 'true';
}

/**
 * How many tasks at once this command asks Nx for, read as Nx reads it (`--parallel`,
 * `--parallel=N|N%|false`, `--max-parallel`, NX_PARALLEL); undefined leaves it to nx.json.
 */
export function parallelOf(commandLine: NxCommandLine, env: NodeJS.ProcessEnv, cores: number): number | undefined {
  const value = commandLine.flags.parallel;
  if (value === false || value === 'false') return 1;
  if (value === true || value === 'true' || value === '' || (value === undefined && env.NX_PARALLEL)) {
    const max = commandLine.flags['max-parallel'];
    return concurrency(typeof max === 'string' && max !== '' ? max : env.NX_PARALLEL || '3', cores);
  }
  return typeof value === 'string' ? concurrency(value, cores) : undefined;
}

function concurrency(value: string, cores: number): number | undefined {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isFinite(parsed)) return undefined;
  return Math.max(1, Math.floor(value.endsWith('%') ? (cores * parsed) / 100 : parsed));
}
