import { describe, expect, it } from 'vitest';
import { mountForPath, parseMountinfo } from './mountinfo';

const SAMPLE = [
  '22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw',
  '90 22 0:45 /@home /home rw,relatime shared:40 - btrfs /dev/loop3 rw,space_cache=v2,subvolid=257,subvol=/@home',
  '91 22 7:4 / /mnt/my\\040data\\012x rw,relatime - xfs /dev/loop4 rw,attr2,inode64',
  '92 22 0:50 / /tank rw,relatime - fuse.zfs tank rw,user_id=0',
  '93 22 0:51 / /tank/with\\134backslash rw - zfs tank/b rw',
].join('\n');

describe('mountinfo', () => {
  const m = parseMountinfo(SAMPLE);
  it('parses fields and super options', () => {
    expect(m).toHaveLength(5);
    expect(m[1]).toMatchObject({ root: '/@home', mountpoint: '/home', fstype: 'btrfs', source: '/dev/loop3', device: '0:45' });
    expect(m[1]!.superOptions).toContain('subvolid=257');
  });
  it('decodes escaped spaces, newlines and backslashes', () => {
    expect(m[2]!.mountpoint).toBe('/mnt/my data\nx');
    expect(m[4]!.mountpoint).toBe('/tank/with\\backslash');
  });
  it('finds the containing mount by longest prefix, not by string prefix', () => {
    expect(mountForPath(m, '/home/user/file')!.mountpoint).toBe('/home');
    expect(mountForPath(m, '/homework')!.mountpoint).toBe('/');
    expect(mountForPath(m, '/tank')!.mountpoint).toBe('/tank');
  });
  it('skips malformed lines', () => expect(parseMountinfo('garbage line\n\n')).toHaveLength(0));
});
