import {
  File, FileArchive, FileAudio, FileCode, FileImage, FileSpreadsheet, FileSymlink, FileText, FileVideo, Folder, FolderTree, FileQuestion,
} from 'lucide-react';
import type { DirEntry } from '../../../../shared/domain';
import { extension } from '../../lib/paths';

const BY_EXT: [RegExp, typeof File, string][] = [
  [/^(png|jpe?g|gif|webp|svg|bmp|tiff?|heic|avif|raw|cr2|nef)$/, FileImage, 'text-[#c061cb]'],
  [/^(mp4|mkv|webm|mov|avi|m4v)$/, FileVideo, 'text-[#e66100]'],
  [/^(mp3|flac|ogg|wav|m4a|opus)$/, FileAudio, 'text-[#e66100]'],
  [/^(zip|tar|gz|tgz|xz|zst|bz2|7z|rar|img|iso|qcow2|vmdk)$/, FileArchive, 'text-[#986a44]'],
  [/^(ts|tsx|js|mjs|cjs|py|rs|go|c|h|cpp|java|rb|sh|json|ya?ml|toml|html|css)$/, FileCode, 'text-[#2ec27e]'],
  [/^(csv|xlsx?|ods)$/, FileSpreadsheet, 'text-[#26a269]'],
  [/^(txt|md|pdf|docx?|odt|rtf|log|conf|ini)$/, FileText, 'text-[#3d7fd6]'],
];

/** An icon for a directory entry by type and extension. */
export function FileIcon({ entry, size = 17 }: { entry: Pick<DirEntry, 'type' | 'name' | 'volumeRoot'>; size?: number }) {
  if (entry.type === 'dir') {
    return entry.volumeRoot ? (
      <FolderTree size={size} className="shrink-0 text-folder" aria-label="Volume" />
    ) : (
      <Folder size={size} className="shrink-0 fill-folder/25 text-folder" aria-hidden />
    );
  }
  if (entry.type === 'symlink') return <FileSymlink size={size} className="shrink-0 text-fg-muted" aria-hidden />;
  if (entry.type === 'other') return <FileQuestion size={size} className="shrink-0 text-fg-subtle" aria-hidden />;
  const ext = extension(entry.name);
  for (const [re, Icon, cls] of BY_EXT) if (re.test(ext)) return <Icon size={size} className={`shrink-0 ${cls}`} aria-hidden />;
  return <File size={size} className="shrink-0 text-fg-muted" aria-hidden />;
}
