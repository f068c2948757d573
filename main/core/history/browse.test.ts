import { describe, expect, it } from 'vitest';
import { asText } from './browse';
import { BROWSE_PREFIX, ownerAlive, ownerTag, parseBrowseClones } from './browse-clones';

describe('browse helpers', () => {
  it('recognises leftover browse clones and their owners', () => {
    const text = [
      `tank\t-\t/tank`,
      `tank/${BROWSE_PREFIX}123-abcd\t123:456\t/tmp/cowshed-browse-x`,
      `tank/data\t-\t/tank/data`,
      `tank/${BROWSE_PREFIX}9-ffff\t-\tnone`,
    ].join('\n');
    expect(parseBrowseClones(text)).toEqual([
      { name: `tank/${BROWSE_PREFIX}123-abcd`, owner: '123:456', mountpoint: '/tmp/cowshed-browse-x' },
      { name: `tank/${BROWSE_PREFIX}9-ffff`, owner: null, mountpoint: null },
    ]);
  });
  it('an owner is alive only with the same pid and start time', () => {
    expect(ownerAlive(ownerTag())).toBe(true);
    const [pid, start] = ownerTag().split(':');
    expect(ownerAlive(`${pid}:${Number(start) + 1}`)).toBe(false);
    expect(ownerAlive('999999999:1')).toBe(false);
    expect(ownerAlive(null)).toBe(false);
  });
  it('previews text, refuses binary, tolerates a cut UTF-8 character', () => {
    expect(asText(Buffer.from('hello\n'), false)).toBe('hello\n');
    expect(asText(Buffer.from([0x68, 0, 0x69]), false)).toBeNull();
    const e = Buffer.from('caf\u00e9');
    expect(asText(e.subarray(0, e.length - 1), true)).toBe('caf');
    expect(asText(Buffer.from([0xff, 0xfe, 0x41]), false)).toBeNull();
  });
});
