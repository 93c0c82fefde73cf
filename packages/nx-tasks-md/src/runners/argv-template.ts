/**
 * argv templates: `["my-agent", "--task", "{id}", "{prompt}"]`. Each element is substituted on its
 * own, in one pass (a value that itself contains `{id}` is not expanded again), and the result is
 * handed to the OS as an argv array, so no value is ever parsed by a shell.
 */

export const ARGV_PLACEHOLDERS = ['id', 'prompt', 'promptFile', 'featureDir', 'tasksFile', 'text', 'files', 'workspaceRoot'] as const;

export type ArgvPlaceholder = (typeof ARGV_PLACEHOLDERS)[number];

export type ArgvValues = Record<Exclude<ArgvPlaceholder, 'files'>, string> & { files: string[] };

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

export function argvPlaceholdersIn(template: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const element of template) {
    for (const match of element.matchAll(PLACEHOLDER)) found.add(match[1]);
  }
  return found;
}

/** Throws on `{name}` placeholders that are not known, naming where the template came from. */
export function checkArgvTemplate(template: readonly string[], where: string): void {
  const unknown = [...argvPlaceholdersIn(template)].filter((name) => !(ARGV_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length) {
    throw new Error(
      `${where}: unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown
        .map((n) => `{${n}}`)
        .join(', ')}; known: ${ARGV_PLACEHOLDERS.map((n) => `{${n}}`).join(' ')}`,
    );
  }
}

/**
 * An element that is exactly `{files}` becomes one argv element per file (none when the task names
 * no files); `{files}` inside a longer element is the files joined by a space.
 */
export function substituteArgv(template: readonly string[], values: ArgvValues): string[] {
  const argv: string[] = [];
  for (const element of template) {
    if (element === '{files}') {
      argv.push(...values.files);
      continue;
    }
    argv.push(
      element.replace(PLACEHOLDER, (whole, name: string) => {
        if (name === 'files') return values.files.join(' ');
        return Object.prototype.hasOwnProperty.call(values, name) ? values[name as keyof Omit<ArgvValues, 'files'>] : whole;
      }),
    );
  }
  return argv;
}
