/**
 * The part of Premiere's UXP API (`premierepro`) this plugin uses, and nothing more.
 *
 * Every member is either picked from Adobe's own types in `@adobe/premierepro` (same name, same
 * signature) or, where Adobe's signature mentions another Premiere type, the same method with that
 * type narrowed to its counterpart here (a TickTime becomes PTickTime, a Sequence PSequence...).
 * `_realPremiereIsASubset` below makes `tsc` prove that Adobe's real API object is assignable to
 * this type: a member that Premiere lacks, or a signature that disagrees with Adobe's, fails the
 * type check. The adapter and the fake are both typed against this subset only, so neither can use
 * or offer a method Premiere does not have.
 */
import type {
  Action,
  AddTransitionOptions,
  AudioClipTrackItem,
  AudioTrack,
  ClipProjectItem,
  CompoundAction,
  Constants,
  EncoderManager,
  EventManagerStatic,
  FolderItem,
  FrameRate,
  Guid,
  Marker,
  MetadataStatic,
  Project,
  ProjectItem,
  ProjectItemStatic,
  RectF,
  Sequence,
  SourceMonitorStatic,
  TickTime,
  TimeDisplay,
  TransitionFactoryStatic,
  VideoClipTrackItem,
  VideoTransition,
  VideoTrack,
  premierepro,
} from '@adobe/premierepro';

export type { Action, TimeDisplay };

// ---- Value types (Adobe's also declare constructor signatures, which no plugin calls) ----

export type PGuid = Pick<Guid, 'toString'>;

export type PRectF = Pick<RectF, 'width' | 'height'>;

export type PFrameRate = Pick<FrameRate, 'ticksPerFrame' | 'value'> & {
  equals(frameRate: PFrameRate): boolean;
};

export type PTickTime = Pick<TickTime, 'seconds' | 'ticks' | 'ticksNumber'> & {
  equals(tickTime: PTickTime): boolean;
  alignToFrame(frameRate: PFrameRate): PTickTime;
  alignToNearestFrame(frameRate: PFrameRate): PTickTime;
  add(tickTime: PTickTime): PTickTime;
  subtract(tickTime: PTickTime): PTickTime;
  multiply(factor: number): PTickTime;
  divide(divisor: number): PTickTime;
};

export type PTickTimeStatic = {
  createWithFrameAndFrameRate(frameCount: number, frameRate: PFrameRate): PTickTime;
  createWithSeconds(seconds: number): PTickTime;
  createWithTicks(ticks: string): PTickTime;
};

// ---- Project, bins and items ----

export type PCompoundAction = Pick<CompoundAction, 'addAction' | 'empty'>;

export type PProject = Pick<Project, 'name' | 'path'> & {
  readonly guid: PGuid;
  getActiveSequence(): Promise<PSequence>;
  getSequences(): Promise<PSequence[]>;
  getRootItem(): Promise<PFolderItem>;
  importFiles(filePaths: string[], suppressUI?: boolean, targetBin?: PProjectItem, asNumberedStills?: boolean): Promise<boolean>;
  executeTransaction(callback: (compoundAction: PCompoundAction) => void, undoString?: string): boolean;
  lockedAccess(callback: () => void): void;
  // The self-check's scratch sequence.
  createSequenceFromMedia(name: string, clipProjectItems?: PClipProjectItem[], targetBin?: PProjectItem): Promise<PSequence>;
  deleteSequence(sequence: PSequence): Promise<boolean>;
  setActiveSequence(sequence: PSequence): Promise<boolean>;
};

export type PProjectItem = Pick<ProjectItem, 'name' | 'type' | 'getId'>;

export type PFolderItem = Pick<FolderItem, 'name' | 'type' | 'createBinAction'> & {
  getItems(): Promise<PProjectItem[]>;
  createRemoveItemAction(item: PProjectItem): Action;
};

export type PClipProjectItem = Pick<
  ClipProjectItem,
  'name' | 'type' | 'getMediaFilePath' | 'createSetScaleToFrameSizeAction' | 'createClearInOutPointsAction' | 'createSetColorLabelAction' | 'getColorLabelIndex'
> & {
  createSetInOutPointsAction(inPoint: PTickTime, outPoint: PTickTime): Action;
  createSubClipAction(name: string, startTime: PTickTime, endTime: PTickTime, hasHardBoundaries: boolean, options?: object): Action;
  findItemsMatchingMediaPath(matchString: string, ignoreSubclips?: boolean): Promise<PProjectItem[]>;
  getInPoint(mediaType: Constants.MediaType): Promise<PTickTime>;
  getOutPoint(mediaType: Constants.MediaType): Promise<PTickTime>;
};

// ---- Sequences, tracks and track items ----

export type PSequenceSettings = {
  getVideoDisplayFormat(): Promise<TimeDisplay>;
  getVideoFrameRate(): PFrameRate;
};

export type PSequence = Pick<Sequence, 'name' | 'getVideoTrackCount' | 'getAudioTrackCount' | 'getTimebase' | 'clearSelection'> & {
  readonly guid: PGuid;
  getSettings(): Promise<PSequenceSettings>;
  getZeroPoint(): Promise<PTickTime>;
  getEndTime(): Promise<PTickTime>;
  getInPoint(): Promise<PTickTime>;
  getOutPoint(): Promise<PTickTime>;
  createSetInPointAction(tickTime: PTickTime): Action;
  createSetOutPointAction(tickTime: PTickTime): Action;
  createSetZeroPointAction(tickTime: PTickTime): Action;
  getFrameSize(): Promise<PRectF>;
  getVideoTrack(trackIndex: number): Promise<PVideoTrack>;
  getAudioTrack(trackIndex: number): Promise<PAudioTrack>;
  getSelection(): Promise<PTrackItemSelection>;
  setSelection(trackItemSelection: PTrackItemSelection): boolean;
  setPlayerPosition(positionTime?: PTickTime): Promise<boolean>;
  getProjectItem(): Promise<PProjectItem>;
};

export type PVideoTrack = Pick<VideoTrack, 'name' | 'id' | 'getIndex' | 'isMuted' | 'createSetNameAction'> & {
  getTrackItems(trackItemType: Constants.TrackItemType, includeEmptyTrackItems: boolean): PVideoClipTrackItem[];
};

export type PAudioTrack = Pick<AudioTrack, 'name' | 'id' | 'getIndex' | 'isMuted' | 'createSetNameAction'> & {
  getTrackItems(trackItemType: Constants.TrackItemType, includeEmptyTrackItems: boolean): PAudioClipTrackItem[];
};

type TrackItemCommon = {
  getStartTime(): Promise<PTickTime>;
  getEndTime(): Promise<PTickTime>;
  getInPoint(): Promise<PTickTime>;
  getOutPoint(): Promise<PTickTime>;
  getProjectItem(): Promise<PProjectItem>;
};
type TrackItemPicked = 'getName' | 'getTrackIndex' | 'getType' | 'isDisabled' | 'createSetNameAction' | 'createSetDisabledAction';

export type PVideoClipTrackItem = Pick<VideoClipTrackItem, TrackItemPicked | 'createRemoveVideoTransitionAction'> &
  TrackItemCommon & {
    createAddVideoTransitionAction(videoTransition: PVideoTransition, addTransitionOptionsProperties?: PAddTransitionOptions): Action;
  };
export type PAudioClipTrackItem = Pick<AudioClipTrackItem, TrackItemPicked> & TrackItemCommon;

export type PTrackItemSelection = {
  addItem(trackItem: PVideoClipTrackItem | PAudioClipTrackItem, skipDuplicateCheck?: boolean): boolean;
  getTrackItems(): Promise<Array<PVideoClipTrackItem | PAudioClipTrackItem>>;
};

export type PTrackItemSelectionStatic = {
  createEmptySelection(callback0: (selection: PTrackItemSelection) => void): boolean;
};

export type PSequenceEditor = {
  createOverwriteItemAction(projectItem: PProjectItem, time: PTickTime, videoTrackIndex: number, audioTrackIndex: number): Action;
  createInsertProjectItemAction(
    projectItem: PProjectItem,
    time: PTickTime,
    videoTrackIndex: number,
    audioTrackIndex: number,
    limitShift: boolean,
  ): Action;
  createRemoveItemsAction(
    trackItemSelection: PTrackItemSelection,
    ripple: boolean,
    mediaType: Constants.MediaType,
    shiftOverLapping?: boolean,
  ): Action;
};

// ---- Transitions (video only: Adobe's API has no audio transition) ----

/** Adobe's VideoTransition has no members: it is only passed back to createAddVideoTransitionAction. */
export type PVideoTransition = VideoTransition;

/** Adobe's d.ts types it as constructible and callable; Adobe's sample calls it: `ppro.AddTransitionOptions()`. */
export type PAddTransitionOptions = Pick<AddTransitionOptions, 'applyToStart' | 'forceSingleSided' | 'transitionAlignment'> & {
  readonly duration: PTickTime;
  setApplyToStart(applyToStart: boolean): PAddTransitionOptions;
  setForceSingleSided(forceSingleSided: boolean): PAddTransitionOptions;
  setTransitionAlignment(transitionAlignment: number): PAddTransitionOptions;
  setDuration(tickTime: PTickTime): PAddTransitionOptions;
};

export type PTransitionFactoryStatic = Pick<TransitionFactoryStatic, 'getVideoTransitionMatchNames'> & {
  createVideoTransition(matchName: string): PVideoTransition;
};

// ---- Markers ----

export type PMarker = Pick<Marker, 'getName' | 'getComments' | 'getColorIndex' | 'getType'> & {
  getStart(): PTickTime;
  getDuration(): PTickTime;
  readonly guid: PGuid;
};

export type PMarkers = {
  getMarkers(filters?: string[]): PMarker[];
  createAddMarkerAction(Name: string, markerType?: string, startTime?: PTickTime, duration?: PTickTime, comments?: string): Action;
};

// ---- Source Monitor ----

export type PSourceMonitorStatic = Pick<SourceMonitorStatic, 'openFilePath' | 'closeClip'> & {
  setPosition(position: PTickTime): Promise<boolean>;
  // The self-check reads back the position it set.
  getPosition(): Promise<PTickTime>;
};

// ---- Project-item metadata (the Project panel's fields) ----

export type PMetadataStatic = Pick<MetadataStatic, 'addPropertyToProjectMetadataSchema'> & {
  getProjectColumnsMetadata(projectItem: PProjectItem): Promise<string>;
  getProjectMetadata(projectItem: PProjectItem): Promise<string>;
  createSetProjectMetadataAction(projectItem: PProjectItem, metadata: string, updatedFields: string[]): Action;
};

// ---- Export and events ----

export type PExporterStatic = {
  exportSequenceFrame(sequence: PSequence, time: PTickTime, filename: string, filepath: string, width: number, height: number): Promise<boolean>;
};

export type PEncoderManager = Pick<EncoderManager, 'isAMEInstalled'> & {
  exportSequence(
    sequence: PSequence,
    exportType: Constants.ExportType,
    outputFile?: string,
    presetFile?: string,
    exportFull?: boolean,
  ): Promise<boolean>;
};

export type PConstants = Pick<
  premierepro['Constants'],
  | 'ExportType'
  | 'MediaType'
  | 'TrackItemType'
  | 'OperationCompleteEvent'
  | 'OperationCompleteState'
  | 'ProjectEvent'
  | 'SequenceEvent'
  | 'VideoTrackEvent'
  | 'AudioTrackEvent'
  | 'VideoDisplayFormatType'
  | 'TransitionPosition'
  | 'MetadataType'
>;

/** What EventManager.addEventListener takes a listener on (Adobe's list). */
export type HostEventTarget = PProject | PSequence | PVideoTrack | PAudioTrack | PEncoderManager;

/** The event names EventManager takes, as Adobe's d.ts types them. */
export type HostEventName = Parameters<EventManagerStatic['addEventListener']>[1];

// ---- The API object ----

export type PremiereSubset = {
  Project: { getActiveProject(): Promise<PProject> };
  TickTime: PTickTimeStatic;
  FrameRate: { createWithValue(value: number): PFrameRate };
  SequenceEditor: { getEditor(sequenceObject: PSequence): PSequenceEditor };
  TrackItemSelection: PTrackItemSelectionStatic;
  ProjectItem: Pick<ProjectItemStatic, 'TYPE_CLIP' | 'TYPE_BIN' | 'TYPE_ROOT'> & {
    cast(item: PFolderItem | PClipProjectItem): PProjectItem;
  };
  ClipProjectItem: { cast(projectItem: PProjectItem): PClipProjectItem };
  FolderItem: { cast(projectItem: PProjectItem): PFolderItem };
  Markers: { getMarkers(markerOwnerObject: PSequence | PClipProjectItem): Promise<PMarkers> };
  Metadata: PMetadataStatic;
  EncoderManager: { getManager(): PEncoderManager };
  Exporter: PExporterStatic;
  SourceMonitor: PSourceMonitorStatic;
  TransitionFactory: PTransitionFactoryStatic;
  AddTransitionOptions: () => PAddTransitionOptions;
  EventManager: Pick<EventManagerStatic, 'addGlobalEventListener' | 'removeGlobalEventListener'> & {
    addEventListener(target: HostEventTarget, eventName: HostEventName, eventHandler: (event?: object) => void, inCapturePhase?: boolean): void;
    removeEventListener(target: HostEventTarget, eventName: HostEventName, eventHandler: (event?: object) => void): void;
  };
  Constants: PConstants;
};

/**
 * Compile-time proof that Adobe's real API object has every member above with a compatible
 * signature. Never called; `tsc` fails here if the subset invents or misstates anything.
 */
export function _realPremiereIsASubset(real: premierepro): PremiereSubset {
  return real;
}
