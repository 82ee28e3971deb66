import { RetakeError } from '../domain/errors';

/** The RetakeError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function caught(p: Promise<unknown>): Promise<RetakeError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RetakeError);
    return e as RetakeError;
  }
  throw new Error('expected a rejection');
}
