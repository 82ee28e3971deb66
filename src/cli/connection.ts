import { randomUUID } from 'crypto';
import { systemClock } from '../app/clock';
import type { InferencePort } from '../app/ports';
import { createRunwareClient } from '../adapters/runware/client';
import { apiKeyProblem, apiUrlProblem } from '../domain/secrets';

/** Where the CLI sends requests: the local stand-in, or Runware with the key from the environment. */
export type Connection = { kind: 'standIn' } | { kind: 'runware'; apiKey: string; apiUrl: string | undefined };

export function connectionFrom(env: Record<string, string | undefined>, emulator: boolean): Connection | string {
  if (emulator) return { kind: 'standIn' };
  const apiKey = env.RUNWARE_API_KEY;
  if (!apiKey) return 'Set RUNWARE_API_KEY to your Runware API key, or pass --emulator to try it against the local stand-in.';
  const keyProblem = apiKeyProblem(apiKey);
  if (keyProblem) return `RUNWARE_API_KEY: ${keyProblem}`;
  const apiUrl = env.RUNWARE_API_URL || undefined;
  const urlProblem = apiUrl === undefined ? null : apiUrlProblem(apiUrl);
  if (urlProblem) return `RUNWARE_API_URL: ${urlProblem}`;
  return { kind: 'runware', apiKey, apiUrl };
}

/** The Runware client for a connection; with the stand-in, `standInUrl` is where it was started. */
export function inferenceFor(connection: Connection, standInUrl: string | null): InferencePort {
  return createRunwareClient({
    apiKey: connection.kind === 'runware' ? connection.apiKey : 'local-stand-in',
    apiUrl: standInUrl ?? (connection.kind === 'runware' ? connection.apiUrl : undefined),
    fetch: globalThis.fetch.bind(globalThis),
    clock: systemClock,
    newUUID: randomUUID,
  });
}
