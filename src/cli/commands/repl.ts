// `lagrad repl`: an interactive session (cli/repl/session.ts) on Node's
// readline: a prompt, history in $XDG_STATE_HOME/lagrad/history, tab
// completion of commands, functions and the problem's names, Ctrl-C cancels
// the line, Ctrl-D quits. Without a terminal it reads stdin line by line, with
// no prompt and no colour, so that a script can drive it. Exit 0 at the end,
// 1 when a :check failed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { ReplSession, type RunCli } from '../repl/session.js';

const HISTORY_SIZE = 1000;

/** $XDG_STATE_HOME/lagrad/history, else ~/.local/state/lagrad/history. */
export function historyPath(env: Readonly<Record<string, string | undefined>>): string {
  const state = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(env.HOME ?? homedir(), '.local', 'state');
  return join(state, 'lagrad', 'history');
}

function readHistory(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function writeHistory(path: string, lines: readonly string[]): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${[...lines].slice(0, HISTORY_SIZE).reverse().join('\n')}\n`, { mode: 0o600 });
  } catch {
    // No history is no reason to fail the session.
  }
}

async function interactive(session: ReplSession, io: CliIo, terminal: NonNullable<CliIo['terminal']>): Promise<void> {
  const path = historyPath(io.env);
  const rl = createInterface({
    input: terminal.input,
    output: terminal.output,
    prompt: 'lagrad> ',
    terminal: true,
    history: readHistory(path),
    historySize: HISTORY_SIZE,
    completer: (line: string): [string[], string] => {
      const word = /[:A-Za-z_][A-Za-z0-9_]*$/.exec(line)?.[0] ?? '';
      const hits = word ? session.names().filter((n) => n.startsWith(word)) : [];
      return [[...new Set(hits)].sort(), word];
    },
  });
  rl.on('SIGINT', () => {
    // Ctrl-C cancels the line being typed; Ctrl-D (or :quit) ends the session.
    rl.write(null, { ctrl: true, name: 'u' });
    io.stdout.write('\n');
    rl.prompt();
  });
  io.stdout.write('lagrad repl: an expression or a program statement per line, :help for the commands, Ctrl-D to leave\n');
  rl.prompt();
  for await (const line of rl) {
    await session.line(line);
    if (session.done) break;
    rl.prompt();
  }
  writeHistory(path, (rl as unknown as { history: string[] }).history ?? []);
  rl.close();
}

export function registerRepl(program: Command, io: CliIo, exit: { code: number }, run: RunCli): void {
  program
    .command('repl')
    .description('an interactive session: lines are expressions or program statements, or :commands (:help lists them)')
    .action(async () => {
      const session = new ReplSession(io, run);
      if (io.terminal) await interactive(session, io, io.terminal);
      else {
        const text = await io.readStdin();
        for (const line of text.split(/\r?\n/)) {
          await session.line(line);
          if (session.done) break;
        }
      }
      exit.code = session.failed ? 1 : 0;
    });
}
