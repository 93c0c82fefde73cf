import type { StoryIndependence } from '../model';
import type { Outline } from './markdown-outline';
import { lineText, type Source } from './source';

/**
 * spec-kit's template and the plans written from it say when their user stories are independent:
 * "User stories can then proceed in parallel (if staffed)", "All 5 stories can run in parallel
 * after Foundational", "User Story 1 (P1): Can start after Foundational - No dependencies on other
 * stories". Others say one story needs another: "US2 builds on US1", "Can start after User Story 1".
 */
const STORIES_IN_PARALLEL =
  /\b(?:user\s+)?stories\b[^.\n]{0,60}?\b(?:can|may|could)\b[^.\n]{0,40}?\b(?:proceed|run|start|be\s+(?:worked\s+on|implemented|developed|done))\b[^.\n]{0,40}?\bin\s+parallel\b|\bno\s+dependenc(?:y|ies)\s+on\s+(?:any\s+)?other\s+(?:user\s+)?stor(?:y|ies)\b|\b(?:user\s+)?stories\s+are\s+(?:fully\s+|all\s+)?independent\b|\ball\s+(?:\d+\s+)?(?:user\s+)?stories\s+can\s+(?:then\s+|now\s+)?(?:proceed|start)\b/i;
const STORY = String.raw`(?:US-?\s?\d+|user\s+story\s+\d+|story\s+\d+)\b`;
const NEEDS_STORY = new RegExp(
  String.raw`\b(?:depends?\s+on|builds?\s+on|requires?|needs?|blocked\s+by|(?:start|begin|run)s?\s+(?:only\s+)?after|after\s+(?:completion\s+of|completing))\s+(?:the\s+)?(?:completion\s+of\s+)?(?:\*\*)?${STORY}`,
  'i',
);
/** "User Story 1 (Packages) MUST complete before User Stories 4, 6" */
const STORY_BEFORE_STORY = new RegExp(
  String.raw`${STORY}[^\n]{0,80}?\b(?:must|should|has\s+to|needs?\s+to)\s+(?:be\s+)?(?:complete|completed|finish|finished|done|land|merged?)\s+(?:first\s+)?before\s+(?:the\s+)?(?:user\s+stor(?:y|ies)|stor(?:y|ies)|US)`,
  'i',
);
/** Code in these languages is commands, not prose about the plan. */
const COMMAND_LANGUAGES = /^(?:sh|bash|zsh|shell|console|powershell|ps1|cmd|bat|fish)$/i;

/** What the plan's prose says about running its user stories side by side (code blocks and tasks are not read). */
export function readStoryIndependence(src: Source, outline: Outline): StoryIndependence {
  const skipped = new Set<number>();
  for (const block of outline.excluded) {
    // Plans draw their phase order in plain code blocks ("Setup → Foundational → [stories in parallel]").
    if (block.kind === 'blockquote' || (block.kind === 'code' && !COMMAND_LANGUAGES.test(block.lang ?? ''))) continue;
    for (let line = block.startLine; line <= block.endLine; line++) skipped.add(line);
  }
  const result: StoryIndependence = { dependencies: [] };
  for (let line = 1; line <= src.lineStarts.length; line++) {
    if (skipped.has(line)) continue;
    const text = lineText(src, line);
    if (text.trim() === '') continue;
    // A sentence may go on on the next line ("All user stories can proceed\n   in parallel").
    const next = line < src.lineStarts.length && !skipped.has(line + 1) ? lineText(src, line + 1).trim() : '';
    const joined = /^(?:[-*+]|\d+[.)]|#)\s/.test(next) || next === '' ? text : `${text} ${next}`;
    if (/^\s*(?:[-*+]|\d+[.)])\s+\[[^\]]?\]/.test(text)) continue;
    const excerpt = text.trim().replace(/\s+/g, ' ').slice(0, 160);
    if (NEEDS_STORY.test(text) || STORY_BEFORE_STORY.test(text)) result.dependencies.push({ line, text: excerpt });
    else if (!result.declared && STORIES_IN_PARALLEL.test(joined)) result.declared = { line, text: excerpt };
  }
  return result;
}
