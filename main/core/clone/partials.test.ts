import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ownerAlive, processStart, registerPartial, sweepFolder, sweepRecordedPartials } from './partials';

let dir: string;
let state: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cowshed-partials-'));
  state = process.env.XDG_STATE_HOME;
  process.env.XDG_STATE_HOME = join(dir, 'state');
});
afterEach(() => {
  if (state === undefined) delete process.env.XDG_STATE_HOME;
  else process.env.XDG_STATE_HOME = state;
  rmSync(dir, { recursive: true, force: true });
});

describe('partials', () => {
  it('knows live processes (and pid reuse by start time)', () => {
    expect(ownerAlive(process.pid)).toBe(true);
    expect(ownerAlive(process.pid, processStart(process.pid))).toBe(true);
    expect(ownerAlive(process.pid, '1')).toBe(false);
    expect(ownerAlive(2 ** 22 + 12345)).toBe(false);
  });

  it('removes only partials of dead processes from a folder', async () => {
    mkdirSync(join(dir, '.a.cowshed-partial-4194999-0123abcd', 'x'), { recursive: true });
    writeFileSync(join(dir, `.b.cowshed-partial-${process.pid}-0123abcd`), '');
    writeFileSync(join(dir, '.c.cowshed-partial-nope'), '');
    writeFileSync(join(dir, 'keep'), '');
    expect(await sweepFolder(dir)).toEqual([join(dir, '.a.cowshed-partial-4194999-0123abcd')]);
    expect(readdirSync(dir).sort()).toEqual(['.b.cowshed-partial-' + process.pid + '-0123abcd', '.c.cowshed-partial-nope', 'keep']);
  });

  it('records partials and forgets them; records of live owners are kept', async () => {
    const p = join(dir, `.t.cowshed-partial-${process.pid}-0123abcd`);
    mkdirSync(p);
    const forget = await registerPartial(p);
    expect(await sweepRecordedPartials()).toEqual([]); // we are alive
    expect(readdirSync(p)).toEqual([]);
    await forget();
    expect(readdirSync(join(dir, 'state', 'cowshed', 'partials'))).toEqual([]);
  });

  it('never removes a recorded path that is not named like that owner’s partial', async () => {
    const records = join(dir, 'state', 'cowshed', 'partials');
    mkdirSync(records, { recursive: true });
    mkdirSync(join(dir, 'precious'));
    writeFileSync(join(records, 'x.json'), JSON.stringify({ path: join(dir, 'precious'), pid: 4194999, start: null }));
    expect(await sweepRecordedPartials()).toEqual([]);
    expect(readdirSync(dir)).toContain('precious');
  });
});
