import { AGENT_PRESET_NAMES } from '../config/options';
import type { PromptVia } from './types';

export type AgentPresetName = (typeof AGENT_PRESET_NAMES)[number];

/**
 * One entry per agent CLI: how to run it unattended with one prompt and exit. Each runs with the
 * tool's own "no approval prompts" switch, because nobody is there to answer them; the prompt is
 * one argv element (or stdin), never shell text.
 */
export interface AgentPreset {
  title: string;
  command: readonly string[];
  promptVia: PromptVia;
  env?: Readonly<Record<string, string>>;
  install: string;
  /** Where the non-interactive flags are documented. */
  docs: string;
}

export const AGENT_PRESETS: Readonly<Record<AgentPresetName, AgentPreset>> = {
  // https://code.claude.com/docs/en/headless (-p/--print runs non-interactively)
  // https://code.claude.com/docs/en/cli-reference (--dangerously-skip-permissions)
  claude: {
    title: 'Claude Code',
    command: ['claude', '-p', '--dangerously-skip-permissions', '{prompt}'],
    promptVia: 'argv',
    install: 'npm install -g @anthropic-ai/claude-code',
    docs: 'https://code.claude.com/docs/en/headless',
  },
  // https://developers.openai.com/codex/noninteractive ("Allow edits: codex exec --sandbox
  // workspace-write"; --full-auto is kept only as a deprecated alias). codex exec also reads piped
  // stdin, which is why argv runners get /dev/null as stdin.
  codex: {
    title: 'OpenAI Codex CLI',
    command: ['codex', 'exec', '--sandbox', 'workspace-write', '{prompt}'],
    promptVia: 'argv',
    install: 'npm install -g @openai/codex',
    docs: 'https://developers.openai.com/codex/noninteractive',
  },
  // https://geminicli.com/docs/cli/headless (-p/--prompt forces headless mode)
  // https://geminicli.com/docs/cli/cli-reference (--approval-mode yolo; --yolo is deprecated)
  gemini: {
    title: 'Gemini CLI',
    command: ['gemini', '--approval-mode', 'yolo', '--prompt', '{prompt}'],
    promptVia: 'argv',
    install: 'npm install -g @google/gemini-cli',
    docs: 'https://geminicli.com/docs/cli/headless',
  },
  // https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-programmatic-reference
  // (-p PROMPT runs non-interactively; --allow-all-tools approves tools without asking)
  copilot: {
    title: 'GitHub Copilot CLI',
    command: ['copilot', '--allow-all-tools', '-p', '{prompt}'],
    promptVia: 'argv',
    install: 'npm install -g @github/copilot',
    docs: 'https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-programmatic-reference',
  },
  // https://opencode.ai/docs/cli/#run (opencode run [message..])
  // https://opencode.ai/docs/permissions/ (--auto approves what is not explicitly denied)
  opencode: {
    title: 'OpenCode',
    command: ['opencode', 'run', '--auto', '{prompt}'],
    promptVia: 'argv',
    install: 'npm install -g opencode-ai',
    docs: 'https://opencode.ai/docs/cli/#run',
  },
  // https://cursor.com/docs/cli/headless (print mode -p; "Combine --print with --force to modify
  // files in scripts"; without --force changes are only proposed)
  cursor: {
    title: 'Cursor Agent CLI',
    command: ['cursor-agent', '-p', '--force', '--output-format', 'text', '{prompt}'],
    promptVia: 'argv',
    install: 'curl https://cursor.com/install -fsS | bash',
    docs: 'https://cursor.com/docs/cli/headless',
  },
  // https://aider.chat/docs/scripting.html (--message: do one thing, apply edits, exit)
  // https://aider.chat/docs/config/options.html (--yes-always, --no-auto-commits)
  // The named files are added to the chat, which is how aider knows what it may edit; commits are
  // left to nx-tasks-md (`commit: true`).
  aider: {
    title: 'Aider',
    command: ['aider', '--yes-always', '--no-auto-commits', '--message', '{prompt}', '{files}'],
    promptVia: 'argv',
    install: 'python -m pip install aider-install && aider-install',
    docs: 'https://aider.chat/docs/scripting.html',
  },
};

export function isAgentPresetName(name: string): name is AgentPresetName {
  return (AGENT_PRESET_NAMES as readonly string[]).includes(name);
}
