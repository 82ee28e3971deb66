/**
 * The browser-side fake Premiere's media host and renderer: probing, existence and exports run on
 * the demo server (ffprobe/ffmpeg), inside its data folder; so do frame exports (the take thumbnails).
 */
import type { MediaHost, MediaProbe, SequenceRenderer } from '../standins/premiere/types';
import { MEDIA_KEY_PARAM } from './demoSpec';
import type { PageFetch } from './pageFetch';

async function json<T>(r: Response, what: string): Promise<T> {
  const body = (await r.json().catch(() => ({}))) as T & { error?: string };
  if (!r.ok) throw new Error(`${what}: ${body.error ?? `HTTP ${r.status}`}`);
  return body;
}

const q = (path: string) => `path=${encodeURIComponent(path)}`;

export function createRemoteMedia(call: PageFetch): MediaHost {
  return {
    exists: async (path) => (await json<{ exists: boolean }>(await call(`/api/media/exists?${q(path)}`), `exists ${path}`)).exists,
    probe: async (path) => json<MediaProbe>(await call(`/api/media/probe?${q(path)}`), `probe ${path}`),
  };
}

export function createRemoteRenderer(call: PageFetch): SequenceRenderer {
  return {
    render: async (spec, outPath) => {
      const r = await call('/api/media/render', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ spec, outPath }) });
      await json(r, `render ${outPath}`);
    },
    // Exporter.exportSequenceFrame: the server writes the still, into its thumbnails folder only.
    renderFrame: async (spec, outPath, size) => {
      const r = await call('/api/media/frame', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ spec, outPath, size }) });
      await json(r, `frame ${outPath}`);
    },
  };
}

/** The URL the page's <video> plays a media file under the data folder from. */
export type MediaUrl = (path: string) => string;

/** Media URLs carry this start's media key (from /api/config) in the query: a <video> cannot send the token header. */
export function mediaUrls(mediaKey: string): MediaUrl {
  return (path) => `/api/media/file?${q(path)}&${MEDIA_KEY_PARAM}=${encodeURIComponent(mediaKey)}`;
}

/**
 * window.fetch for the Runware client: API calls go to the same-origin relay; result downloads on
 * another origin (the stand-in's, or *.runware.ai) go through the relay too. Both carry the token.
 */
export function relayingFetch(origin: string, call: PageFetch): typeof fetch {
  return (input, init) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(raw, origin);
    if (url.origin !== origin) return call(`/runware/result?url=${encodeURIComponent(url.href)}`, init);
    return call(`${url.pathname}${url.search}`, init);
  };
}
