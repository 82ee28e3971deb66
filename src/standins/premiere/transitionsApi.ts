/**
 * Video transitions: TransitionFactory, AddTransitionOptions, a video track item's add and remove
 * transition actions, and the transitions a track lists for Constants.TrackItemType.TRANSITION.
 *
 * Sources: Adobe's reference (ppro-reference/classes/transitionfactory.md, addtransitionoptions.md,
 * videocliptrackitem.md, all "Since 25.6"), the d.ts of `@adobe/premierepro` (VideoTransition has
 * no members; getTrackItems takes TrackItemType.TRANSITION), and Adobe's sample panel
 * (sample-panels/premiere-api/src/transition.ts): options are made by calling
 * `ppro.AddTransitionOptions()`, the add action is created under lockedAccess and added in a
 * transaction like any other, and an add without options puts the transition on the clip's end.
 * Where none of them says, the fake's choice is named below; "Check this Premiere" reads the real one.
 */
import type { Action, PAddTransitionOptions, PAudioClipTrackItem, PTransitionFactoryStatic, PVideoClipTrackItem, PVideoTransition } from '../../adapters/premiere/subset';
import { TRACK_ITEM_TYPE, TRANSITION_POSITION } from './constants';
import type { Ctx } from './context';
import { ClipEdge, MediaKind, TrackItemState, TransitionState, findSequence, findTrackItem } from './state';
import { tickTicks, tickTime } from './time';

/**
 * No UXP document lists the match names. The cross-dissolve's is the one Adobe's own C++ source for
 * Premiere's rough-cut XML exchange (published on GitHub) uses; the others are only there so the
 * list is not the cross-dissolve alone, and the fake renders every one as a cross-dissolve.
 */
export const FAKE_VIDEO_TRANSITION_MATCH_NAMES = ['AE.ADBE Cross Dissolve New', 'AE.ADBE Dip To Black', 'AE.ADBE Dip To White', 'ADBE Additive Dissolve'];

/** The fake's choice where no source gives one: Premiere's preference default for a video transition, 1 s. */
const DEFAULT_DURATION_TICKS = 254016000000n;

const transitions = new WeakMap<object, { matchName: string }>();
const optionValues = new WeakMap<object, { applyToStart: boolean; forceSingleSided: boolean; alignment: number; duration: bigint }>();

export const transitionFactory: PTransitionFactoryStatic = {
  getVideoTransitionMatchNames: async () => [...FAKE_VIDEO_TRANSITION_MATCH_NAMES],
  createVideoTransition: (matchName) => {
    // What Premiere does with an unknown name is not documented: the fake refuses it at once.
    if (!FAKE_VIDEO_TRANSITION_MATCH_NAMES.includes(matchName)) throw new Error(`There is no video transition "${matchName}".`);
    const transition: PVideoTransition = Object.freeze({});
    transitions.set(transition, { matchName });
    return transition;
  },
};

/** `ppro.AddTransitionOptions()`: each setter changes the options and returns them (the d.ts's return type). */
export function addTransitionOptions(): PAddTransitionOptions {
  // Defaults: the end of the clip (Adobe's sample), two-sided and alignment 0 (the fake's choice).
  const values = { applyToStart: false, forceSingleSided: false, alignment: 0, duration: DEFAULT_DURATION_TICKS };
  const options: PAddTransitionOptions = {
    get applyToStart() {
      return values.applyToStart;
    },
    get forceSingleSided() {
      return values.forceSingleSided;
    },
    get transitionAlignment() {
      return values.alignment;
    },
    get duration() {
      return tickTime(values.duration);
    },
    setApplyToStart: (applyToStart) => {
      values.applyToStart = requireBoolean(applyToStart, 'setApplyToStart');
      return options;
    },
    setForceSingleSided: (forceSingleSided) => {
      values.forceSingleSided = requireBoolean(forceSingleSided, 'setForceSingleSided');
      return options;
    },
    setTransitionAlignment: (alignment) => {
      if (typeof alignment !== 'number' || !Number.isFinite(alignment)) throw new TypeError('setTransitionAlignment needs a number.');
      values.alignment = alignment;
      return options;
    },
    setDuration: (tickTimeValue) => {
      values.duration = tickTicks(tickTimeValue);
      return options;
    },
  };
  optionValues.set(options, values);
  return options;
}

/** VideoClipTrackItem.createAddVideoTransitionAction; the options are read when the action is created. */
export function addVideoTransitionAction(ctx: Ctx, guid: string, media: MediaKind, id: string, transition: PVideoTransition, options?: PAddTransitionOptions): Action {
  const made = transitions.get(transition as object);
  if (!made) throw new TypeError('createAddVideoTransitionAction needs a VideoTransition from TransitionFactory.createVideoTransition.');
  const values = options === undefined ? optionValues.get(addTransitionOptions()) : optionValues.get(options as object);
  if (!values) throw new TypeError('createAddVideoTransitionAction: the options must come from AddTransitionOptions().');
  const edge: ClipEdge = values.applyToStart ? 'start' : 'end';
  const state: TransitionState = { matchName: made.matchName, duration: values.duration, alignment: values.alignment, singleSided: values.forceSingleSided };
  return ctx.gate.action('VideoClipTrackItem.createAddVideoTransitionAction', (project) => {
    if (media !== 'video') throw new Error('an audio clip takes no video transition');
    const { item } = findTrackItem(findSequence(project, guid), media, id);
    if (state.duration <= 0n || state.duration > item.end - item.start) throw new Error('the transition is longer than the clip or has no duration');
    item.transitions = { ...item.transitions, [edge]: state };
  });
}

/** VideoClipTrackItem.createRemoveVideoTransitionAction. */
export function removeVideoTransitionAction(ctx: Ctx, guid: string, media: MediaKind, id: string, position: unknown): Action {
  // The d.ts makes the position optional without saying what none means: the fake does not guess.
  if (position !== TRANSITION_POSITION.START && position !== TRANSITION_POSITION.END) {
    throw new TypeError('createRemoveVideoTransitionAction: pass Constants.TransitionPosition.START or END (the fake does not model no position).');
  }
  const edge: ClipEdge = position === TRANSITION_POSITION.START ? 'start' : 'end';
  return ctx.gate.action('VideoClipTrackItem.createRemoveVideoTransitionAction', (project) => {
    if (media !== 'video') throw new Error('an audio clip has no video transition');
    const { item } = findTrackItem(findSequence(project, guid), media, id);
    if (!item.transitions?.[edge]) return;
    const rest = { ...item.transitions };
    delete rest[edge];
    item.transitions = rest;
  });
}

/** Where a transition lies on the timeline: the fake keeps it inside its clip, at that edge. */
export function transitionExtent(item: Pick<TrackItemState, 'start' | 'end'>, edge: ClipEdge, transition: TransitionState): { start: bigint; end: bigint } {
  return edge === 'start' ? { start: item.start, end: item.start + transition.duration } : { start: item.end - transition.duration, end: item.end };
}

/**
 * What a track lists for TrackItemType.TRANSITION: one item per transition, typed as a clip track
 * item as the d.ts types it. Only its type and times are modelled; anything else fails loudly.
 */
export function transitionItemViews(ctx: Ctx, guid: string, media: MediaKind, items: TrackItemState[]): Array<PVideoClipTrackItem & PAudioClipTrackItem> {
  const views: Array<PVideoClipTrackItem & PAudioClipTrackItem> = [];
  if (media !== 'video') return views;
  const zero = () => findSequence(ctx.project, guid).zeroPoint;
  const unmodelled = (what: string) => () => {
    throw new Error(`${what} on a transition is not modelled by the fake Premiere.`);
  };
  for (const item of items) {
    for (const edge of ['start', 'end'] as const) {
      const transition = item.transitions?.[edge];
      if (!transition) continue;
      const extent = transitionExtent(item, edge, transition);
      views.push({
        getType: async () => TRACK_ITEM_TYPE.TRANSITION,
        getStartTime: async () => tickTime(ctx.toApiTime(extent.start, zero())),
        getEndTime: async () => tickTime(ctx.toApiTime(extent.end, zero())),
        getName: unmodelled('getName'),
        getTrackIndex: unmodelled('getTrackIndex'),
        isDisabled: unmodelled('isDisabled'),
        getInPoint: unmodelled('getInPoint'),
        getOutPoint: unmodelled('getOutPoint'),
        getProjectItem: unmodelled('getProjectItem'),
        createSetNameAction: unmodelled('createSetNameAction'),
        createSetDisabledAction: unmodelled('createSetDisabledAction'),
        createAddVideoTransitionAction: unmodelled('createAddVideoTransitionAction'),
        createRemoveVideoTransitionAction: unmodelled('createRemoveVideoTransitionAction'),
      });
    }
  }
  return views;
}

function requireBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${what} needs true or false.`);
  return value;
}
