import { format } from 'node:util';

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// C0, DEL and C1 control characters, and the bidi embeddings, overrides and isolates that reorder what follows.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the SIS, files and arguments made safe to print: every control character is shown as an escape
 * instead of acting on the terminal (clearing it, moving the cursor, starting a forged line, reversing text).
 * Characters above the C0 range use `\uXXXX`, which stays valid inside the JSON the CLI prints.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    if (SHORT_ESCAPES[char]) return SHORT_ESCAPES[char];
    return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export interface TerminalOutput {
  /** One line: any line break inside `text` is shown escaped, so data cannot start a line of its own. */
  line(text?: string): void;
  /** Several lines the CLI composed itself (usage, JSON): split at its own line breaks, each line made safe. */
  block(text: string): void;
  /** A progress figure that overwrites itself on the same line. */
  progress(text: string): void;
}

/** The one writer for everything the CLI prints to `stream`. */
export function terminalOutput(stream: NodeJS.WritableStream): TerminalOutput {
  const line = (text = '') => void stream.write(`${terminalSafe(text)}\n`);
  return {
    line,
    block: (text) => text.split('\n').forEach((part) => line(part)),
    progress: (text) => void stream.write(`\r${terminalSafe(text)}`),
  };
}

/**
 * Routes `console.log` and `console.error` of modules the CLI calls through the same writers, as blocks:
 * their text is composed there, and any control character in it is still shown escaped.
 */
export function routeConsole(stdout: TerminalOutput, stderr: TerminalOutput): void {
  console.log = (...args: unknown[]) => stdout.block(format(...args));
  console.error = (...args: unknown[]) => stderr.block(format(...args));
}
