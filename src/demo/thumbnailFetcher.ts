/**
 * The take thumbnails on the demo page. An <img> cannot carry the page's token, so the page reads
 * the thumbnail's bytes through its file API (token, same origin, POST) and shows them as a blob:
 * URL of its own; nothing is served to an <img> without the token. Only PNGs in the demo's
 * thumbnails folder are read: a journal path anywhere else shows no picture.
 */
import type { FileStore } from '../app/ports';
import type { ThumbnailFetcher } from '../ui/TakeThumbnail';

/** Whether `path` names a .png directly in `folder`: no other folder, no `..`, no separator of the other kind. */
export function isThumbnailPath(path: string, folder: string): boolean {
  const prefix = `${folder.replace(/\/+$/, '')}/`;
  if (!path.startsWith(prefix)) return false;
  const name = path.slice(prefix.length);
  return /^[\w.-]+\.png$/i.test(name) && !name.startsWith('.');
}

export function createThumbnailFetcher(files: Pick<FileStore, 'read'>, folder: string): ThumbnailFetcher {
  return async (path) => {
    if (!isThumbnailPath(path, folder)) return null;
    const bytes = await files.read(path);
    const src = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
    return { src, release: () => URL.revokeObjectURL(src) };
  };
}
