import { randomUUID } from 'crypto';
import { resolve } from 'path';
import type { InferencePort } from '../app/ports';
import { outputPathProblem } from '../adapters/node/outputPath';
import { createRunwareClient } from '../adapters/runware/client';
import { apiKeyProblem, apiUrlProblem } from '../domain/secrets';
import { defaultOutputFor } from './outputFiles';
import type { CliSystem } from './system';

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

/** The Runware client for a connection; with the stand-in, `standIn` is the one started for it (its address and key). */
export function inferenceFor(
  connection: Connection,
  standIn: { url: string; apiKey: string } | null,
  system: Pick<CliSystem, 'fetch' | 'clock' | 'requestTimeoutMs'>,
): InferencePort {
  const endpoint = standIn ?? (connection.kind === 'runware' ? { url: connection.apiUrl, apiKey: connection.apiKey } : null);
  if (!endpoint) throw new Error('The local stand-in was not started.');
  return createRunwareClient({
    apiKey: endpoint.apiKey,
    apiUrl: endpoint.url,
    fetch: system.fetch,
    clock: system.clock,
    newUUID: randomUUID,
    requestTimeoutMs: system.requestTimeoutMs,
  });
}

/**
 * Where a command sends and writes: the connection (a dry run sends nothing, so it needs no key),
 * the input and the output paths, or the sentence that says what is wrong before anything is read.
 */
export async function commandTarget(
  o: { input: string; output?: string; emulator: boolean; dryRun: boolean },
  env: Record<string, string | undefined>,
): Promise<{ connection: Connection; input: string; output: string } | { problem: string }> {
  const connection = connectionFrom(env, o.emulator || o.dryRun);
  if (typeof connection === 'string') return { problem: connection };
  const input = resolve(o.input);
  const output = resolve(o.output ?? defaultOutputFor(input));
  const pathProblem = await outputPathProblem(input, output);
  return pathProblem ? { problem: pathProblem } : { connection, input, output };
}
