import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DumpParser, splitDumpLine, unescapeDump } from './dump-parse';

const fixture = (f: string) => readFileSync(join(import.meta.dirname, 'fixtures', f), 'utf8');

describe('btrfs receive --dump lines', () => {
  it('decodes the C escapes btrfs-progs prints', () => {
    expect(unescapeDump('sp\\ ace.txt')).toBe('sp ace.txt');
    expect(unescapeDump('we\\nird')).toBe('we\nird');
    expect(unescapeDump('back\\\\slash')).toBe('back\\slash');
    expect(unescapeDump('\\303\\251t\\303\\251')).toBe('été');
    expect(unescapeDump('tab\\there')).toBe('tab\there');
  });

  it('splits op, escaped path and arguments', () => {
    expect(splitDumpLine('rename          ./s2/o272-8-0                   dest=./s2/sp\\ ace.txt')).toEqual({
      op: 'rename',
      rawPath: './s2/o272-8-0',
      args: { dest: './s2/sp ace.txt' },
    });
    const u = splitDumpLine('update_extent   ./s2/sp\\ ace.txt                offset=0 len=11')!;
    expect(u.rawPath).toBe('./s2/sp ace.txt');
    expect(u.args).toEqual({ offset: '0', len: '11' });
    expect(splitDumpLine('')).toBeNull();
    expect(splitDumpLine('  garbage from an xattr value')).toBeNull();
  });

  it('makes paths relative to the snapshot and keeps link destinations relative', () => {
    const p = new DumpParser();
    const ops = p.chunk(fixture('btrfs-dump-mixed.txt'));
    expect(p.header).toMatchObject({ kind: 'snapshot', uuid: 'bfa18d9f-e3a9-b04f-bb30-64bf4b56acc2', transid: 8 });
    expect(ops[0]).toEqual({ op: 'rename', path: 'd1', args: { dest: 'd1moved' } });
    expect(ops.find((o) => o.op === 'link')).toEqual({ op: 'link', path: 'd1moved/d2/renamed.txt', args: { dest: 'd1moved/ren.txt' } });
    expect(ops.some((o) => o.path === 'we\nird')).toBe(true);
    expect(ops.find((o) => o.op === 'utimes' && o.path === '')).toBeTruthy();
  });

  it('joins lines split across chunks', () => {
    const text = fixture('btrfs-dump-renames.txt');
    const whole = new DumpParser().chunk(text);
    const p = new DumpParser();
    const parts: ReturnType<DumpParser['chunk']> = [];
    for (let i = 0; i < text.length; i += 37) parts.push(...p.chunk(text.slice(i, i + 37)));
    parts.push(...p.end());
    expect(parts).toEqual(whole);
  });
});
