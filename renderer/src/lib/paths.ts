/** POSIX path helpers for the renderer (no Node `path` here). */

/** Join an absolute folder and a relative path. */
export function joinPath(dir: string, rel: string): string {
  if (!rel) return dir;
  const r = rel.replace(/^\/+/, '');
  if (!r) return dir;
  return dir === '/' ? `/${r}` : `${dir.replace(/\/+$/, '')}/${r}`;
}

/** Last component of a path. */
export function baseName(p: string): string {
  const t = p.replace(/\/+$/, '');
  return t.slice(t.lastIndexOf('/') + 1) || '/';
}

/** Folder containing a path ("/" for top-level entries). */
export function dirName(p: string): string {
  const t = p.replace(/\/+$/, '');
  const i = t.lastIndexOf('/');
  return i <= 0 ? '/' : t.slice(0, i);
}

/** True when `p` is `root` or inside it. */
export function isInside(p: string, root: string): boolean {
  if (root === '/') return p.startsWith('/');
  return p === root || p.startsWith(root.endsWith('/') ? root : root + '/');
}

/** `p` relative to `root` ("" when equal); null when outside. */
export function relativeTo(p: string, root: string): string | null {
  if (!isInside(p, root)) return null;
  if (p === root) return '';
  return p.slice(root === '/' ? 1 : root.replace(/\/+$/, '').length + 1);
}

/** Split into breadcrumb segments below a root: [{name, path}], the root first. */
export function segmentsBelow(p: string, root: string, rootLabel: string): { name: string; path: string }[] {
  const out = [{ name: rootLabel, path: root }];
  const rel = relativeTo(p, root);
  if (rel === null || rel === '') return out;
  let acc = root;
  for (const part of rel.split('/').filter(Boolean)) {
    acc = joinPath(acc, part);
    out.push({ name: part, path: acc });
  }
  return out;
}

/** "report.pdf" → "pdf"; "" when there is none (dotfiles have none). */
export function extension(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i + 1).toLowerCase() : '';
}
