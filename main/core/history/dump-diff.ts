import type { DumpOp } from './dump-parse';
import { slashPath, type EntryType, type RawChange } from './types';

/**
 * Turns the operations of `btrfs send --no-data -p A B` into changes between A and B by replaying them on a
 * lazy model of A's namespace: only entries the stream touches are materialised; everything else is implied
 * by its parent ("same name under the same directory as in A"). Renames come out of the stream as
 * `rename`, or as `link` + `unlink` of one inode; a change is a rename when an inode's (parent directory,
 * name) differs between A and B, so children carried along by a directory rename are not renames.
 */

interface Inode {
  created: boolean;
  type: EntryType | null;
  /** Data changed (write, clone, update_extent, truncate). */
  content: boolean;
  /** chmod / chown / xattrs changed. */
  meta: boolean;
  /** utimes seen (every touched inode gets one; whether mtime changed is decided from the stats). */
  times: boolean;
  nodes: Node[];
}

interface Node {
  name: string;
  parent: Node | null;
  /** Path in A of the entry this node stood for when materialised; null when the stream created it. */
  origin: string | null;
  /** Explicit children; `null` marks a name whose A entry left (a tombstone). */
  children: Map<string, Node | null>;
  inode: Inode;
}

const TYPES: Record<string, EntryType> = { mkfile: 'file', mkdir: 'dir', symlink: 'symlink', mknod: 'other', mkfifo: 'other', mksock: 'other' };
const CONTENT = new Set(['write', 'clone', 'update_extent', 'truncate', 'fallocate', 'fileattr', 'encoded_write']);
const META = new Set(['chmod', 'chown', 'set_xattr', 'remove_xattr']);

const join = (a: string, b: string) => (a === '' ? b : `${a}/${b}`);
const split = (p: string) => (p === '' ? [] : p.split('/'));

/** Replays send-stream operations; `finish()` returns the changes. */
export class DumpDiff {
  private readonly root: Node;
  private readonly inodes: Inode[] = [];
  ops = 0;

  constructor() {
    this.root = this.node('', null, '', { created: false, type: 'dir', content: false, meta: false, times: false, nodes: [] });
  }

  private node(name: string, parent: Node | null, origin: string | null, inode: Inode): Node {
    const n: Node = { name, parent, origin, children: new Map(), inode };
    inode.nodes.push(n);
    return n;
  }

  private inode(created: boolean, type: EntryType | null): Inode {
    const i: Inode = { created, type, content: false, meta: false, times: false, nodes: [] };
    this.inodes.push(i);
    return i;
  }

  /** The node at a current path, materialising implied A entries on the way. */
  private at(path: string): Node {
    let n = this.root;
    for (const name of split(path)) {
      n.inode.type ??= 'dir'; // it has an entry, so it is a folder
      const c = n.children.get(name);
      if (c) {
        n = c;
        continue;
      }
      // Not touched yet (or gone, for an inconsistent stream): the A entry with this name, if the parent came from A.
      const origin = c === undefined && n.origin !== null ? join(n.origin, name) : null;
      const child = this.node(name, n, origin, this.inode(origin === null, null));
      n.children.set(name, child);
      n = child;
    }
    return n;
  }

  private parentOf(path: string): { dir: Node; name: string } {
    const parts = split(path);
    const name = parts.pop() ?? '';
    return { dir: this.at(parts.join('/')), name };
  }

  private detach(n: Node) {
    if (n.parent && n.parent.children.get(n.name) === n) n.parent.children.set(n.name, null);
    n.parent = null;
  }

  private attach(n: Node, path: string) {
    const { dir, name } = this.parentOf(path);
    const old = dir.children.get(name);
    if (old) old.parent = null; // replaced: the entry that was there is gone
    n.name = name;
    n.parent = dir;
    dir.children.set(name, n);
  }

  /** Apply one operation. */
  apply(op: DumpOp): void {
    this.ops++;
    const type = TYPES[op.op];
    if (type) {
      const { dir, name } = this.parentOf(op.path);
      const old = dir.children.get(name);
      if (old) old.parent = null;
      dir.children.set(name, this.node(name, dir, null, this.inode(true, type)));
      return;
    }
    switch (op.op) {
      case 'rename': {
        if (op.args.dest === undefined) return;
        const n = this.at(op.path);
        this.detach(n);
        this.attach(n, op.args.dest);
        return;
      }
      case 'link': {
        if (op.args.dest === undefined) return;
        const target = this.at(op.args.dest);
        const { dir, name } = this.parentOf(op.path);
        const old = dir.children.get(name);
        if (old) old.parent = null;
        dir.children.set(name, this.node(name, dir, null, target.inode));
        return;
      }
      case 'unlink':
      case 'rmdir': {
        const n = this.at(op.path);
        if (n.inode.type === null) n.inode.type = op.op === 'rmdir' ? 'dir' : null;
        this.detach(n);
        return;
      }
      case 'utimes':
        this.at(op.path).inode.times = true;
        return;
      default:
        if (CONTENT.has(op.op)) {
          const ino = this.at(op.path).inode;
          ino.content = true;
          ino.type ??= 'file';
        } else if (META.has(op.op)) this.at(op.path).inode.meta = true;
    }
  }

  /** Current path of an attached node, or null when it is no longer reachable from the root. */
  private pathOf(n: Node): string | null {
    const parts: string[] = [];
    let cur: Node | null = n;
    while (cur && cur !== this.root) {
      const p: Node | null = cur.parent;
      if (!p || p.children.get(cur.name) !== cur) return null;
      parts.push(cur.name);
      cur = p;
    }
    return cur === this.root ? parts.reverse().join('/') : null;
  }

  /** The changes, once the stream has ended. */
  finish(): RawChange[] {
    const removed: RawChange[] = [];
    const added: RawChange[] = [];
    const out: RawChange[] = [];
    for (const ino of this.inodes) {
      const type = ino.type ?? undefined;
      const olds = ino.nodes.filter((n) => n.origin !== null);
      const news = ino.nodes.map((n) => ({ n, path: this.pathOf(n) })).filter((x): x is { n: Node; path: string } => x.path !== null);
      const gone = olds.filter((o) => !news.some((x) => x.n === o));
      const moved: { from: string; to: string }[] = [];
      const fresh: string[] = [];
      for (const x of news) {
        if (x.n.origin === null) fresh.push(x.path);
        else if (x.path !== this.stayPath(x.n)) moved.push({ from: x.n.origin, to: x.path });
      }
      // An inode that lost a name and gained one (link + unlink, or rename) was renamed.
      const lost = gone.map((o) => o.origin!);
      while (lost.length && fresh.length) moved.push({ from: lost.shift()!, to: fresh.shift()! });
      for (const m of moved) out.push({ change: 'renamed', path: slashPath(m.to), from: slashPath(m.from), type });
      for (const p of lost) removed.push({ change: 'removed', path: slashPath(p), type });
      for (const p of fresh) added.push({ change: 'added', path: slashPath(p), type });
      if (ino.created) continue;
      const still = news.filter((x) => x.n.origin !== null || moved.some((m) => m.to === x.path));
      for (const x of still) {
        if (x.path === '' && !ino.content && !ino.meta) continue;
        const from = x.n.origin ?? moved.find((m) => m.to === x.path)?.from ?? x.path;
        const oldPath = from === x.path ? {} : { oldPath: slashPath(from) };
        if (ino.content) out.push({ change: 'modified', path: slashPath(x.path), type: type ?? 'file', ...oldPath });
        else if (ino.meta) out.push({ change: 'modified', path: slashPath(x.path), type, metadataOnly: true, ...oldPath });
        else if (ino.times && type !== 'dir') out.push({ change: 'check', path: slashPath(x.path), type, ...oldPath });
      }
    }
    // The same path removed and added (a symlink retargeted, a file replaced by a new inode) is a modification.
    const addedAt = new Map(added.map((a) => [a.path, a]));
    for (const r of removed) {
      const a = addedAt.get(r.path);
      if (a) {
        addedAt.delete(r.path);
        out.push({ change: 'modified', path: r.path, type: a.type ?? r.type });
      } else out.push(r);
    }
    out.push(...addedAt.values());
    return out;
  }

  /** Where a node would be if it had not been renamed: its origin's name under its current parent's origin. */
  private stayPath(n: Node): string | null {
    if (n.origin === null || !n.parent) return null;
    const parentOrigin = n.parent.origin;
    const slash = n.origin.lastIndexOf('/');
    const oldParent = slash < 0 ? '' : n.origin.slice(0, slash);
    const oldName = n.origin.slice(slash + 1);
    if (parentOrigin === oldParent && n.name === oldName) return this.pathOf(n);
    return null;
  }
}
