/**
 * IDs for hand-written checklists that carry none (e.g. `- [x] Add fullscreen toggle`).
 *
 * The ID is a slug of the task's title, so it does not move when tasks are added, removed or
 * reordered elsewhere in the file (sequential numbers would). Editing a title changes its ID —
 * and its text, so the task is new anyway. Equal titles get `-2`, `-3`, … in document order.
 */
const MAX_LENGTH = 48;

export function slugify(title: string): string {
  const words = title
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_~]/g, ' ')
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_LENGTH) {
      if (!slug) slug = word.slice(0, MAX_LENGTH);
      break;
    }
    slug = next;
  }
  return slug;
}

export class IdGenerator {
  private readonly issued = new Set<string>();

  next(title: string): string {
    const base = slugify(title) || 'task';
    let id = base;
    for (let n = 2; this.issued.has(id); n++) id = `${base}-${n}`;
    this.issued.add(id);
    return id;
  }
}
