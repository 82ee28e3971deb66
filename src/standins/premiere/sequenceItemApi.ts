/**
 * A sequence's own project item (`Sequence.getProjectItem()`), cast to a ClipProjectItem. Adobe's
 * sample panel (premiere-api, projectPanel.ts `clearInOutPoint`) calls
 * `createClearInOutPointsAction` on the ClipProjectItem of whatever item is selected, sequences
 * included; here that action clears the sequence's in/out. Nothing else of a sequence item is
 * modelled: the adapter needs no more, and a call to anything else fails loudly.
 */
import type { PClipProjectItem, PProjectItem } from '../../adapters/premiere/subset';
import { PROJECT_ITEM_TYPE } from './constants';
import type { Ctx } from './context';
import { findSequence } from './state';

export function sequenceProjectItemView(ctx: Ctx, guid: string): PProjectItem {
  const view: PProjectItem = {
    get name() {
      return findSequence(ctx.project, guid).name;
    },
    // ExtendScript reported a sequence's project item as a clip; UXP's docs do not say.
    type: PROJECT_ITEM_TYPE.CLIP,
    getId: () => `sequence-item-${guid}`,
  };
  return ctx.register(view, { kind: 'sequenceItem', seq: guid });
}

export function sequenceClipView(ctx: Ctx, guid: string): PClipProjectItem {
  const unmodelled = (what: string) => () => {
    throw new Error(`${what} on a sequence's project item is not modelled by the fake Premiere.`);
  };
  const view: PClipProjectItem = {
    get name() {
      return findSequence(ctx.project, guid).name;
    },
    type: PROJECT_ITEM_TYPE.CLIP,
    createClearInOutPointsAction: () =>
      ctx.gate.action('ClipProjectItem.createClearInOutPointsAction', (project) => {
        if (ctx.faults.sequenceClearInOutIgnored) return;
        const seq = findSequence(project, guid);
        seq.inPoint = null;
        seq.outPoint = null;
      }),
    getMediaFilePath: async () => '',
    createSetScaleToFrameSizeAction: unmodelled('createSetScaleToFrameSizeAction'),
    createSetInOutPointsAction: unmodelled('createSetInOutPointsAction'),
    createSubClipAction: unmodelled('createSubClipAction'),
    findItemsMatchingMediaPath: unmodelled('findItemsMatchingMediaPath'),
    getInPoint: unmodelled('getInPoint'),
    getOutPoint: unmodelled('getOutPoint'),
    getColorLabelIndex: unmodelled('getColorLabelIndex'),
    createSetColorLabelAction: unmodelled('createSetColorLabelAction'),
  };
  return ctx.register(view, { kind: 'sequenceItem', seq: guid });
}
