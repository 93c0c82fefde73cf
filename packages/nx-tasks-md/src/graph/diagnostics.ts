import type { Diagnostic, Severity, TaskDocument } from '../model';

export function diagnostic(doc: TaskDocument, line: number, column: number, severity: Severity, code: string, message: string): Diagnostic {
  return { file: doc.path, line, column, severity, code, message };
}
