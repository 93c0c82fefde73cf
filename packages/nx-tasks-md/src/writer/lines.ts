/** Start and end (before the line ending) offsets of every line; `\r\n`, `\n` and a lone `\r` end a line. */
export interface Lines {
  starts: number[];
  ends: number[];
}

export function splitLines(text: string): Lines {
  const starts = [0];
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    ends.push(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    starts.push(i + 1);
  }
  ends.push(text.length);
  return { starts, ends };
}

/** The content of 1-based `line` without its line ending; '' past the end. */
export function lineAt(text: string, lines: Lines, line: number): string {
  if (line < 1 || line > lines.starts.length) return '';
  return text.slice(lines.starts[line - 1], lines.ends[line - 1]);
}
