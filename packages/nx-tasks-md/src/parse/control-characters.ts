import type { Diagnostic, Task } from '../model';
import { lineOf, lineText, type Source } from './source';

/** C0 controls other than tab, line feed and carriage return, and DEL. */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

function codePoint(char: string): string {
  return `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Control characters inside a task. A NUL byte is an error: no program can receive it in an
 * argument, so the task could not be run with any runner (Node refuses the spawn). The others
 * (an escape sequence, a form feed) are invisible in most editors and diffs: a warning. tasks.md
 * is never altered; the diagnostic says where the character is.
 */
export function controlCharacterDiagnostics(src: Source, tasks: readonly Task[], path: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byLine = [...tasks].sort((a, b) => a.line - b.line);
  const reported = new Set<number>();
  for (const match of src.text.matchAll(CONTROL)) {
    const line = lineOf(src, match.index);
    if (reported.has(line)) continue;
    const task = owningTask(byLine, line, lineText(src, line).trim());
    if (!task) continue;
    reported.add(line);
    const column = match.index - src.lineStarts[line - 1] + 1;
    const nul = match[0] === '\u0000';
    diagnostics.push({
      file: path,
      line,
      column,
      severity: nul ? 'error' : 'warning',
      code: nul ? 'nul-byte' : 'control-character',
      message: nul
        ? `${task.id} contains a NUL byte (U+0000), which no program can receive as an argument: remove it (the task cannot run with any runner)`
        : `${task.id} contains the control character ${codePoint(match[0])}, invisible in most editors and diffs; it reaches the runner as written`,
    });
  }
  return diagnostics;
}

/** The task whose own text holds `line` (the nearest task at or above it whose text contains the line). */
function owningTask(tasks: readonly Task[], line: number, content: string): Task | undefined {
  for (let i = tasks.length - 1; i >= 0; i--) {
    if (tasks[i].line > line) continue;
    return tasks[i].text.includes(content.replace(/^(?:[-*+]|\d+[.)])\s+\[.\]\*?\s*/, '')) ? tasks[i] : undefined;
  }
  return undefined;
}

/** `text` for a terminal: each control character shown as `\x00`, `\x1b` (tasks.md keeps it as written). */
export function showControlCharacters(text: string): string {
  return text.replace(CONTROL, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
