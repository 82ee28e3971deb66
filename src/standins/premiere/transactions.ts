/**
 * Premiere's 26.3 editing rules, enforced: actions are created only under `lockedAccess`, added
 * only inside `executeTransaction`, callbacks are synchronous, and a transaction is all or
 * nothing. Actions run when the transaction commits, never when they are created or added.
 */
import type { Action, PCompoundAction } from '../../adapters/premiere/subset';
import type { ProjectState, World } from './state';

/** A deferred edit: `run` mutates the project, or throws to fail the whole transaction. */
interface PendingAction {
  what: string;
  run(project: ProjectState): void;
  added: boolean;
}

export class PremiereRuleError extends Error {
  constructor(message: string) {
    super(`Premiere rule: ${message}`);
    this.name = 'PremiereRuleError';
  }
}

export class Gate {
  private lockDepth = 0;
  private openTransaction: { actions: PendingAction[] } | null = null;
  private readonly actions = new WeakMap<object, PendingAction>();
  /** Why the last transaction returned false (for tests and the demo). */
  lastFailure: string | null = null;

  constructor(
    private readonly world: World,
    private readonly changed: () => void,
  ) {}

  get locked(): boolean {
    return this.lockDepth > 0;
  }

  /** Creates an Action; `what` names the API call in rule messages ("Sequence.createSetInPointAction"). */
  action(what: string, run: (project: ProjectState) => void): Action {
    if (this.lockDepth === 0) {
      throw new PremiereRuleError(`${what} must be called inside project.lockedAccess(() => ...).`);
    }
    const action: Action = Object.freeze({});
    this.actions.set(action, { what, run, added: false });
    return action;
  }

  lockedAccess(callback: () => void): void {
    if (typeof callback !== 'function') throw new TypeError('lockedAccess needs a callback.');
    this.lockDepth++;
    let result: unknown;
    try {
      result = callback();
    } finally {
      this.lockDepth--;
    }
    if (isThenable(result)) {
      swallow(result);
      throw new PremiereRuleError('the lockedAccess callback must be synchronous: no async function and no await inside it.');
    }
  }

  executeTransaction(callback: (compound: PCompoundAction) => void, undoString?: string): boolean {
    if (typeof callback !== 'function') throw new TypeError('executeTransaction needs a callback.');
    if (this.openTransaction) throw new PremiereRuleError('executeTransaction cannot be nested inside another transaction.');
    const transaction = { actions: [] as PendingAction[] };
    this.openTransaction = transaction;
    const compound: PCompoundAction = {
      addAction: (action: Action) => {
        if (this.openTransaction !== transaction) {
          throw new PremiereRuleError('compoundAction.addAction must be called inside the executeTransaction callback that received it.');
        }
        const pending = this.actions.get(action as object);
        if (!pending) throw new TypeError('addAction needs an Action made by a create...Action method.');
        if (pending.added) throw new PremiereRuleError(`${pending.what}: an action can be added only once.`);
        pending.added = true;
        transaction.actions.push(pending);
        return true;
      },
      get empty() {
        return transaction.actions.length === 0;
      },
    };

    let result: unknown;
    try {
      result = callback(compound);
    } catch (e) {
      this.lastFailure = `The transaction callback threw: ${message(e)}`;
      return false;
    } finally {
      this.openTransaction = null;
    }
    if (isThenable(result)) {
      swallow(result);
      this.lastFailure = 'The transaction callback was async; nothing was changed.';
      throw new PremiereRuleError('the executeTransaction callback must be synchronous: no async function and no await inside it. The transaction was rolled back.');
    }
    if (transaction.actions.length === 0) return true;

    const project = this.world.project;
    if (!project) {
      this.lastFailure = 'No project is open.';
      return false;
    }
    const before = structuredClone(project);
    try {
      for (const pending of transaction.actions) {
        try {
          pending.run(project);
        } catch (e) {
          throw new Error(`${pending.what} failed: ${message(e)}`);
        }
      }
    } catch (e) {
      this.world.project = before;
      this.lastFailure = message(e);
      return false;
    }
    const label = undoString && undoString.length > 0 ? undoString : 'Untitled Action';
    this.world.undo.push({ label, before });
    this.world.undoLabels.push(label);
    this.lastFailure = null;
    this.changed();
    return true;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function swallow(value: PromiseLike<unknown>): void {
  // The async callback's own failure (e.g. addAction after its await) is already reported by the rule error.
  Promise.resolve(value).catch(() => undefined);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
