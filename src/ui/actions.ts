import type { RetakeController } from '../app/retakeController';
import { asRetakeError } from '../domain/errors';

/**
 * Runs a controller call from a click or a key and never lets it throw into UXP: a failure becomes
 * the notice banner's sentence (RetakeError messages already say what to do).
 */
export async function runAction<T>(controller: RetakeController, work: () => Promise<T> | T): Promise<T | undefined> {
  try {
    return await work();
  } catch (e) {
    controller.notify('error', asRetakeError(e).message);
    return undefined;
  }
}
