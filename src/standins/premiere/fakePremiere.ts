/**
 * A stateful fake of the `premierepro` API subset the plugin uses (adapters/premiere/subset.ts),
 * for tests, the CLI and the demo. It keeps real state and enforces Premiere's rules by throwing
 * as Premiere would; its exports render real files through an injected renderer.
 *
 * It imports no Node module: media probing, file existence and rendering are injected, so it also
 * runs in a browser page. Node implementations: nodeMedia.ts and ffmpegRenderer.ts.
 */
import type { PProject, PremiereSubset } from '../../adapters/premiere/subset';
import { PROJECT_ITEM_TYPE, fakeConstants } from './constants';
import { Ctx } from './context';
import { FakeControl, createControl } from './control';
import { encoderManagerView } from './encoderApi';
import { eventManager, startHostEvents } from './hostEvents';
import { markersOf } from './markersApi';
import { exporterView } from './frameExport';
import { metadataView } from './metadataApi';
import { castToClip, castToFolder, castToProjectItem, projectView } from './projectApi';
import { sequenceEditorView } from './sequenceApi';
import { sourceMonitorView } from './sourceMonitor';
import { newWorld } from './state';
import { createEmptySelection } from './takeEditing';
import { frameRateFromValue, tickTimeStatic } from './time';
import { addTransitionOptions, transitionFactory } from './transitionsApi';
import { DEFAULT_FAULTS, FakePremiereOptions } from './types';

export interface FakePremiere {
  /** Typed as the subset: it offers nothing Premiere lacks, with Adobe's signatures. */
  ppro: PremiereSubset;
  control: FakeControl;
}

export function createFakePremiere(options: FakePremiereOptions): FakePremiere {
  const world = newWorld();
  const ctx = new Ctx(world, options, { ...DEFAULT_FAULTS, ...options.faults }, fakeConstants);
  startHostEvents(ctx);

  const ppro: PremiereSubset = {
    Project: {
      getActiveProject: async () => (world.project ? projectView(ctx) : null) as PProject,
    },
    TickTime: tickTimeStatic,
    FrameRate: { createWithValue: frameRateFromValue },
    SequenceEditor: { getEditor: (sequence) => sequenceEditorView(ctx, sequence) },
    TrackItemSelection: { createEmptySelection: (callback) => createEmptySelection(ctx, callback) },
    ProjectItem: {
      TYPE_CLIP: PROJECT_ITEM_TYPE.CLIP,
      TYPE_BIN: PROJECT_ITEM_TYPE.BIN,
      TYPE_ROOT: PROJECT_ITEM_TYPE.ROOT,
      cast: (item) => castToProjectItem(ctx, item),
    },
    ClipProjectItem: { cast: (item) => castToClip(ctx, item) },
    FolderItem: { cast: (item) => castToFolder(ctx, item) },
    Markers: { getMarkers: (owner) => markersOf(ctx, owner) },
    Metadata: metadataView(ctx),
    EncoderManager: { getManager: () => encoderManagerView(ctx) },
    Exporter: exporterView(ctx),
    SourceMonitor: sourceMonitorView(ctx),
    TransitionFactory: transitionFactory,
    AddTransitionOptions: addTransitionOptions,
    EventManager: eventManager(ctx),
    Constants: fakeConstants,
  };

  return { ppro, control: createControl(ctx) };
}

export type { FakeControl } from './control';
export type { ClipInfo, ClipSpec, ItemInfo, MarkerInfo, SequenceInfo, SequenceSpec, TrackInfo } from './control';
export type { FakeFaults, FakePremiereOptions, MediaHost, MediaProbe, RenderClip, RenderSpec, RenderTrack, SequenceRenderer } from './types';
export { DEFAULT_FAULTS } from './types';
export type { SourceMonitorState } from './sourceMonitor';
export { NO_MARK_TICKS } from './time';
export { PremiereRuleError } from './transactions';
