import { describe, expect, it } from 'vitest';
import { CommandError, onSpawn, pipeline, run } from './run';

describe('run (the one subprocess primitive)', () => {
  it('runs argv without a shell: metacharacters stay literal', async () => {
    const r = await run('printf', ['%s', '$(id); rm -rf / `x` | cat > y']);
    expect(r.stdout).toBe('$(id); rm -rf / `x` | cat > y');
    expect(r.argv[0]).toMatch(/^\/.*printf$/); // resolved once to an absolute path
  });

  it('runs with LC_ALL=C and cwd /', async () => {
    const r = await run('env', []);
    expect(r.stdout).toMatch(/^LC_ALL=C$/m);
    expect((await run('pwd', [])).stdout.trim()).toBe('/');
  });

  it('throws a typed CommandError with argv, exit code and stderr', async () => {
    const e = await run('ls', ['/definitely/not/here']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CommandError);
    const ce = e as CommandError;
    expect(ce.exitCode).toBe(2);
    expect(ce.argv.slice(1)).toEqual(['/definitely/not/here']);
    expect(ce.stderr).toMatch(/No such file/);
    expect(ce.code).toBe('COMMAND_FAILED');
  });

  it('uses the provider classifier for codes', async () => {
    const e = (await run('ls', ['/nope'], { classify: () => ({ code: 'BUSY', message: 'busy!' }) }).catch((x: unknown) => x)) as CommandError;
    expect(e.code).toBe('BUSY');
    expect(e.message).toBe('busy!');
  });

  it('times out', async () => {
    const e = (await run('sleep', ['5'], { timeoutMs: 100 }).catch((x: unknown) => x)) as CommandError;
    expect(e.code).toBe('TIMEOUT');
  });

  it('cancels with an AbortSignal', async () => {
    const ac = new AbortController();
    const p = run('sleep', ['5'], { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const e = (await p.catch((x: unknown) => x)) as CommandError;
    expect(e.code).toBe('CANCELLED');
  });

  it('caps output', async () => {
    const e = (await run('head', ['-c', '100000', '/dev/zero'], { maxStdout: 1000 }).catch((x: unknown) => x)) as CommandError;
    expect(e.code).toBe('COMMAND_FAILED');
    expect(e.message).toMatch(/more than 1000 bytes/);
  });

  it('refuses a missing tool with TOOL_MISSING before spawning', async () => {
    const seen: string[] = [];
    const off = onSpawn((a) => seen.push(a[0]!));
    const e = (await run('no-such-tool-cowshed', []).catch((x: unknown) => x)) as CommandError;
    off();
    expect(e.code).toBe('TOOL_MISSING');
    expect(seen).toEqual([]);
  });

  it('pipes two commands without a shell', async () => {
    const r = await pipeline({ tool: 'printf', args: ['a\nb\nc\n'] }, { tool: 'wc', args: ['-l'] });
    expect(r.b.stdout.trim()).toBe('3');
  });
});
