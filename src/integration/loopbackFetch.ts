/**
 * A `fetch` for a page that has none (jsdom), over Node's http to this machine only: Runware's
 * address is answered by the local stand-in, anything else that is not loopback is refused. Just
 * what the plugin reads of an answer: status, headers.get, text() and arrayBuffer().
 */
import { request } from 'http';

export function loopbackFetch(runwareStandInUrl: string, runwareUrl = 'https://api.runware.ai/v1'): typeof fetch {
  const fetchImpl = (input: unknown, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) => {
    const asked = String(input);
    const target = asked.startsWith(runwareUrl) ? runwareStandInUrl + asked.slice(runwareUrl.length) : asked;
    if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(target)) return Promise.reject(new TypeError(`loopbackFetch: ${asked} is not on this machine.`));
    const body = typeof init.body === 'string' ? Buffer.from(init.body) : init.body instanceof Uint8Array ? Buffer.from(init.body) : undefined;
    return new Promise((resolve, reject) => {
      const req = request(target, { method: init.method ?? 'GET', headers: { ...(init.headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({
            ok: (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300,
            status: res.statusCode ?? 0,
            headers: { get: (name: string) => [res.headers[name.toLowerCase()] ?? null].flat()[0] ?? null },
            text: async () => bytes.toString('utf8'),
            arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
          });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  };
  return fetchImpl as unknown as typeof fetch;
}
