/**
 * The enum-like values the fake hands out through `Constants` and the static classes. Adobe's
 * types give the names, not the runtime values; these are plausible choices (display format codes
 * follow ExtendScript's documented videoDisplayFormat numbers). Code must read them through the API
 * object, never hard-code them.
 */
import type { PConstants } from '../../adapters/premiere/subset';
import type { FrameRate } from '../../domain/time';

export const PROJECT_ITEM_TYPE = { CLIP: 1, BIN: 2, ROOT: 3, FILE: 4 } as const;

export const EXPORT_TYPE = { QUEUE_TO_AME: 0, QUEUE_TO_APP: 1, IMMEDIATELY: 2 } as const;

export const MEDIA_TYPE = { ANY: 0, DATA: 1, VIDEO: 2, AUDIO: 3 } as const;

export const TRACK_ITEM_TYPE = { EMPTY: 0, CLIP: 1, TRANSITION: 2, PREVIEW: 3, FEEDBACK: 4 } as const;

export const TRANSITION_POSITION = { START: 0, END: 1 } as const;
/** Constants.MetadataType: INTEGER, REAL, TEXT, BOOLEAN (Adobe's d.ts order; values as ExtendScript numbered them). */
export const METADATA_TYPE = { INTEGER: 0, REAL: 1, TEXT: 2, BOOLEAN: 3 } as const;

export const OPERATION_STATE = { SUCCESS: 0, CANCELLED: 1, FAILED: 2 } as const;

export const EVENT_EXPORT_MEDIA_COMPLETE = 'EVENT_EXPORT_MEDIA_COMPLETE';
export const EVENT_IMPORT_MEDIA_COMPLETE = 'EVENT_IMPORT_MEDIA_COMPLETE';

/** The names of Constants.ProjectEvent and Constants.SequenceEvent (docs ppro-reference/constants). */
export const PROJECT_EVENT = {
  OPENED: 'EVENT_PROJECT_OPENED',
  CLOSED: 'EVENT_PROJECT_CLOSED',
  DIRTY: 'EVENT_PROJECT_DIRTY',
  ACTIVATED: 'EVENT_PROJECT_ACTIVATED',
  PROJECT_ITEM_SELECTION_CHANGED: 'EVENT_PROJECT_ITEM_SELECTION_CHANGED',
} as const;

export const SEQUENCE_EVENT = {
  ACTIVATED: 'EVENT_SEQUENCE_ACTIVATED',
  CLOSED: 'EVENT_SEQUENCE_CLOSED',
  SELECTION_CHANGED: 'EVENT_SEQUENCE_SELECTION_CHANGED',
} as const;

/**
 * Constants.VideoTrackEvent and AudioTrackEvent: the d.ts gives VideoTrack and AudioTrack the same
 * static names (EVENT_TRACK_CHANGED, EVENT_TRACK_INFO_CHANGED, EVENT_TRACK_LOCK_CHANGED); the
 * values are the fake's choice.
 */
export const TRACK_EVENT = {
  TRACK_CHANGED: 'EVENT_TRACK_CHANGED',
  INFO_CHANGED: 'EVENT_TRACK_INFO_CHANGED',
  LOCK_CHANGED: 'EVENT_TRACK_LOCK_CHANGED',
} as const;

/** ExtendScript's videoDisplayFormat codes (100 = 24 fps timecode ... 110 = 23.976). */
export const DISPLAY_FORMAT = {
  TC_24: 100,
  TC_25: 101,
  TC_2997_DROP: 102,
  TC_2997_NON_DROP: 103,
  TC_30: 104,
  TC_50: 105,
  TC_5994_DROP: 106,
  TC_5994_NON_DROP: 107,
  TC_60: 108,
  FRAMES: 109,
  TC_23976: 110,
  FEET_FRAMES_16MM: 111,
  FEET_FRAMES_35MM: 112,
} as const;

/** The timecode display a new sequence at this rate gets. */
export function displayFormatFor(rate: FrameRate): number {
  const fps = rate.num / rate.den;
  const near = (v: number) => Math.abs(fps - v) < 0.01;
  if (near(23.976)) return DISPLAY_FORMAT.TC_23976;
  if (near(24)) return DISPLAY_FORMAT.TC_24;
  if (near(25)) return DISPLAY_FORMAT.TC_25;
  if (near(29.97)) return rate.dropFrame ? DISPLAY_FORMAT.TC_2997_DROP : DISPLAY_FORMAT.TC_2997_NON_DROP;
  if (near(30)) return DISPLAY_FORMAT.TC_30;
  if (near(50)) return DISPLAY_FORMAT.TC_50;
  if (near(59.94)) return rate.dropFrame ? DISPLAY_FORMAT.TC_5994_DROP : DISPLAY_FORMAT.TC_5994_NON_DROP;
  if (near(60)) return DISPLAY_FORMAT.TC_60;
  return DISPLAY_FORMAT.FRAMES;
}

/** Adobe types these as TypeScript enums; at run time they are plain objects of values. */
function enumLike<T>(values: object): T {
  return Object.freeze({ ...values }) as unknown as T;
}

export const fakeConstants: PConstants = {
  MetadataType: enumLike<PConstants['MetadataType']>(METADATA_TYPE),
  ExportType: enumLike<PConstants['ExportType']>(EXPORT_TYPE),
  MediaType: enumLike<PConstants['MediaType']>(MEDIA_TYPE),
  TrackItemType: enumLike<PConstants['TrackItemType']>(TRACK_ITEM_TYPE),
  OperationCompleteEvent: enumLike<PConstants['OperationCompleteEvent']>({
    CLIP_EXTEND_REACHED: 'EVENT_CLIP_EXTEND_REACHED',
    EFFECT_DROP_COMPLETE: 'EVENT_EFFECT_DROP_COMPLETE',
    EFFECT_DRAG_OVER: 'EVENT_EFFECT_DRAG_OVER',
    EXPORT_MEDIA_COMPLETE: EVENT_EXPORT_MEDIA_COMPLETE,
    GENERATIVE_EXTEND_COMPLETE: 'EVENT_GENERATIVE_EXTEND_COMPLETE',
    IMPORT_MEDIA_COMPLETE: EVENT_IMPORT_MEDIA_COMPLETE,
  }),
  TransitionPosition: enumLike<PConstants['TransitionPosition']>(TRANSITION_POSITION),
  OperationCompleteState: enumLike<PConstants['OperationCompleteState']>(OPERATION_STATE),
  ProjectEvent: enumLike<PConstants['ProjectEvent']>(PROJECT_EVENT),
  SequenceEvent: enumLike<PConstants['SequenceEvent']>(SEQUENCE_EVENT),
  VideoTrackEvent: enumLike<PConstants['VideoTrackEvent']>(TRACK_EVENT),
  AudioTrackEvent: enumLike<PConstants['AudioTrackEvent']>(TRACK_EVENT),
  VideoDisplayFormatType: enumLike<PConstants['VideoDisplayFormatType']>({
    FPS_23_976: DISPLAY_FORMAT.TC_23976,
    FPS_25: DISPLAY_FORMAT.TC_25,
    FPS_29_97: DISPLAY_FORMAT.TC_2997_DROP,
    FPS_29_97_NON_DROP: DISPLAY_FORMAT.TC_2997_NON_DROP,
    FEET_FRAME_16mm: DISPLAY_FORMAT.FEET_FRAMES_16MM,
    FEET_FRAME_35mm: DISPLAY_FORMAT.FEET_FRAMES_35MM,
    FRAMES: DISPLAY_FORMAT.FRAMES,
  }),
};
