import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { JournalEntry } from '../../../shared/domain';

/** `$XDG_STATE_HOME/cowshed` (default `~/.local/state/cowshed`). */
export function stateDir(): string {
  const base = process.env.XDG_STATE_HOME || join(process.env.HOME || homedir(), '.local', 'state');
  return join(base, 'cowshed');
}

/** Append-only JSONL record of every mutating command that ran. */
export class Journal {
  constructor(readonly file: string = join(stateDir(), 'journal.jsonl')) {}

  append(entry: JournalEntry): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    appendFileSync(this.file, JSON.stringify(entry) + '\n', { mode: 0o600 });
  }

  /** The newest `limit` entries, oldest first. */
  read(limit = 200): JournalEntry[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const lines = text.split('\n').filter(Boolean).slice(-limit);
    const out: JournalEntry[] = [];
    for (const l of lines) {
      try {
        const p = JournalEntry.safeParse(JSON.parse(l));
        if (p.success) out.push(p.data);
      } catch {
        /* a torn last line after a crash: skip it */
      }
    }
    return out;
  }
}
