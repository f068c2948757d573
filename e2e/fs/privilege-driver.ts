/**
 * Test driver for e2e/fs/privilege.test.ts: runs the real core (a Service) as an unprivileged user, feeding it
 * the operations read from stdin as JSON, and prints one JSON result per operation. Bundled by the test into
 * dist/test/privilege-driver.cjs and started with `runuser -u <test user> --`. Exits like the CLI: 0, or the
 * CLI's code for the first failed operation (its error printed as the CLI prints it with --json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../../shared/domain';
import { toErrorPayload } from '../../shared/errors';
import { reportError } from '../../main/cli/io';
import { onSpawn, pipeline, run } from '../../main/core/exec/run';
import { Journal } from '../../main/core/journal/journal';
import { Service } from '../../main/core/service';
import { startSocketRendezvous } from '../../main/privilege/escalation';

type Cmd = { tool: string; args: string[] };
type Op =
  | { op: 'status' | 'preflight' }
  | { op: 'authenticate'; method?: 'sudo-n' | 'sudo-pty' | 'pkexec' | 'sudo-prompt'; password?: string }
  | { op: 'run'; tool: string; args: string[] }
  | { op: 'mutate'; verb: string; tool: string; args: string[]; plan?: Plan }
  | { op: 'pipeline'; a: Cmd; b: Cmd }
  | { op: 'forge'; frame: Record<string, unknown> & { id: number } }
  | { op: 'socket-rendezvous'; sudo: string; launcher: string };

async function main(): Promise<number> {
  const input = JSON.parse(readFileSync(0, 'utf8')) as { state: string; ops: Op[] };
  const service = new Service({ journal: new Journal(join(input.state, 'journal.jsonl')) });
  const spawned: string[][] = [];
  const helperSpawned: string[][] = [];
  onSpawn((a) => spawned.push([...a]));
  const scoped = <T>(f: () => Promise<T>) => service.privilege.scope('driver', {}, service.ctx.plans, f);
  const onStart = (a: string[]) => helperSpawned.push(a);
  let firstError: unknown = null;
  for (const op of input.ops) {
    try {
      let result: unknown;
      switch (op.op) {
        case 'status':
          result = await service.call('privilegeStatus', {});
          break;
        case 'preflight':
          result = await service.call('preflight', {});
          break;
        case 'authenticate':
          result = await service.call('authenticate', { method: op.method, password: op.password });
          break;
        case 'run':
          result = await scoped(() => run(op.tool, op.args, { onStart }));
          break;
        case 'mutate':
          result = await scoped(() => service.ctx.mutate(op.verb, op.tool, op.args, { onStart, plan: op.plan }));
          break;
        case 'pipeline':
          result = await scoped(() => pipeline(op.a, op.b, { onStart }));
          break;
        case 'forge': {
          const h = await service.privilege.ensure();
          if (!h) throw new Error('no helper');
          result = await h.raw(op.frame);
          break;
        }
        case 'socket-rendezvous': {
          // The sudo-prompt method's rendezvous, with sudo -n standing in for the graphical prompt.
          const h = await startSocketRendezvous(op.launcher, service.privilege.uid, async (cmd) => {
            const r = await run(op.sudo, ['-n', '--', ...cmd]).catch((e: unknown) => e);
            return r instanceof Error ? r : null;
          });
          service.privilege.adopt(h);
          result = await scoped(() => run('zpool', ['list', '-H', '-o', 'name']));
          break;
        }
      }
      process.stdout.write(JSON.stringify({ op: op.op, ok: true, result }) + '\n');
    } catch (e) {
      firstError ??= e;
      process.stdout.write(JSON.stringify({ op: op.op, ok: false, error: toErrorPayload(e) }) + '\n');
    }
  }
  process.stdout.write(JSON.stringify({ op: 'spawns', spawned, helperSpawned }) + '\n');
  service.privilege.close();
  return firstError ? reportError({ out: () => undefined, err: (s) => process.stderr.write(s), isTTY: false }, firstError, true) : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
    process.exitCode = 70;
  },
);
