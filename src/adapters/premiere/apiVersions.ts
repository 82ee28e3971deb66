/**
 * The Premiere version each `premierepro` member the plugin uses first appeared in, as Adobe's
 * reference lists it (developer.adobe.com/premiere-pro/uxp, ppro-reference: each class page's
 * "Since" per method and "Min Version" per property; constants/index.md per enum). Kept as data so
 * apiVersions.test.ts can hold the manifest's minVersion to it. ProjectItem.TYPE_* appear in
 * Adobe's d.ts, not on the class page: they carry the class's version.
 *
 * Newer than 25.6: Marker.guid and ClipProjectItem.createSubClipAction (26.3),
 * SequenceSettings.getVideoFrameRate (26.2). Hence the floor of 26.3. The self-check's scratch
 * sequence calls (createSequenceFromMedia, deleteSequence, setActiveSequence, createRemoveItemAction,
 * createSetZeroPointAction) are all 25.6.
 */
export const API_MIN_VERSIONS: Readonly<Record<string, string>> = {
  // AddTransitionOptions
  'AddTransitionOptions.setApplyToStart': '25.6', 'AddTransitionOptions.setDuration': '25.6',
  'AddTransitionOptions.setForceSingleSided': '25.6', 'AddTransitionOptions.setTransitionAlignment': '25.6',
  'AddTransitionOptions.applyToStart': '25.6', 'AddTransitionOptions.duration': '25.6',
  'AddTransitionOptions.forceSingleSided': '25.6', 'AddTransitionOptions.transitionAlignment': '25.6',
  // AudioClipTrackItem
  'AudioClipTrackItem.createSetNameAction': '25.6', 'AudioClipTrackItem.createSetDisabledAction': '25.6', 'AudioClipTrackItem.getEndTime': '25.6',
  'AudioClipTrackItem.getInPoint': '25.6', 'AudioClipTrackItem.getName': '25.6',
  'AudioClipTrackItem.getOutPoint': '25.6', 'AudioClipTrackItem.getProjectItem': '25.6',
  'AudioClipTrackItem.getStartTime': '25.6', 'AudioClipTrackItem.getTrackIndex': '25.6',
  'AudioClipTrackItem.getType': '25.6', 'AudioClipTrackItem.isDisabled': '25.6',
  // AudioTrack
  'AudioTrack.getIndex': '25.6', 'AudioTrack.createSetNameAction': '26.3', 'AudioTrack.getTrackItems': '25.6', 'AudioTrack.id': '25.6',
  'AudioTrack.isMuted': '25.6', 'AudioTrack.name': '25.6',
  // ClipProjectItem
  'ClipProjectItem.cast': '25.6', 'ClipProjectItem.createClearInOutPointsAction': '25.6',
  'ClipProjectItem.createSetInOutPointsAction': '25.6', 'ClipProjectItem.createSetColorLabelAction': '25.6', 'ClipProjectItem.getColorLabelIndex': '25.6', 'ClipProjectItem.createSetScaleToFrameSizeAction': '25.6',
  'ClipProjectItem.createSubClipAction': '26.3', 'ClipProjectItem.findItemsMatchingMediaPath': '25.6',
  'ClipProjectItem.getInPoint': '25.6', 'ClipProjectItem.getMediaFilePath': '25.6',
  'ClipProjectItem.getOutPoint': '25.6', 'ClipProjectItem.name': '25.6', 'ClipProjectItem.type': '25.6',
  // CompoundAction
  'CompoundAction.addAction': '25.6', 'CompoundAction.empty': '25.6',
  // Constants
  'Constants.ExportType': '25.6', 'Constants.MediaType': '25.6', 'Constants.OperationCompleteEvent': '25.6',
  'Constants.OperationCompleteState': '25.6', 'Constants.ProjectEvent': '25.6', 'Constants.SequenceEvent': '25.6',
  'Constants.TrackItemType': '25.6', 'Constants.VideoDisplayFormatType': '25.6', 'Constants.MetadataType': '25.6',
  'Constants.VideoTrackEvent': '25.6', 'Constants.AudioTrackEvent': '25.6', 'Constants.TransitionPosition': '25.6',
  // EncoderManager
  'EncoderManager.exportSequence': '25.6', 'EncoderManager.getManager': '25.6',
  'EncoderManager.isAMEInstalled': '25.6',
  // EventManager
  'EventManager.addGlobalEventListener': '25.6', 'EventManager.removeGlobalEventListener': '25.6',
  'EventManager.addEventListener': '25.6', 'EventManager.removeEventListener': '25.6',
  // Exporter
  'Exporter.exportSequenceFrame': '25.6',
  // FolderItem
  'FolderItem.cast': '25.6', 'FolderItem.createBinAction': '25.6', 'FolderItem.createRemoveItemAction': '25.6', 'FolderItem.getItems': '25.6',
  'FolderItem.name': '25.6', 'FolderItem.type': '25.6',
  // FrameRate
  'FrameRate.createWithValue': '25.6', 'FrameRate.equals': '25.6', 'FrameRate.ticksPerFrame': '25.6',
  'FrameRate.value': '25.6',
  // Guid
  'Guid.toString': '25.6',
  // Marker
  'Marker.getColorIndex': '25.6', 'Marker.getComments': '25.6', 'Marker.getDuration': '25.6',
  'Marker.getName': '25.6', 'Marker.getStart': '25.6', 'Marker.getType': '25.6', 'Marker.guid': '26.3',
  // Markers
  'Markers.getMarkers': '25.6', 'Markers.createAddMarkerAction': '25.6',
  // Metadata
  'Metadata.getProjectColumnsMetadata': '25.6', 'Metadata.addPropertyToProjectMetadataSchema': '25.6',
  'Metadata.getProjectMetadata': '25.6', 'Metadata.createSetProjectMetadataAction': '25.6',
  // Project
  'Project.createSequenceFromMedia': '25.6', 'Project.deleteSequence': '25.6', 'Project.setActiveSequence': '25.6',
  'Project.executeTransaction': '25.6', 'Project.getActiveProject': '25.6', 'Project.getActiveSequence': '25.6',
  'Project.getRootItem': '25.6', 'Project.getSequences': '25.6', 'Project.guid': '25.6',
  'Project.importFiles': '25.6', 'Project.lockedAccess': '25.6', 'Project.name': '25.6', 'Project.path': '25.6',
  // ProjectItem
  'ProjectItem.TYPE_BIN': '25.6', 'ProjectItem.TYPE_CLIP': '25.6', 'ProjectItem.TYPE_ROOT': '25.6',
  'ProjectItem.cast': '25.6', 'ProjectItem.getId': '25.6', 'ProjectItem.name': '25.6', 'ProjectItem.type': '25.6',
  // RectF
  'RectF.height': '25.6', 'RectF.width': '25.6',
  // Sequence
  'Sequence.clearSelection': '25.6', 'Sequence.createSetInPointAction': '25.6',
  'Sequence.createSetOutPointAction': '25.6', 'Sequence.createSetZeroPointAction': '25.6', 'Sequence.getAudioTrack': '25.6',
  'Sequence.getAudioTrackCount': '25.6', 'Sequence.getEndTime': '25.6', 'Sequence.getFrameSize': '25.6',
  'Sequence.getInPoint': '25.6', 'Sequence.getOutPoint': '25.6', 'Sequence.getProjectItem': '25.6',
  'Sequence.getSelection': '25.6', 'Sequence.getSettings': '25.6', 'Sequence.getTimebase': '25.6',
  'Sequence.getVideoTrack': '25.6', 'Sequence.getVideoTrackCount': '25.6', 'Sequence.getZeroPoint': '25.6',
  'Sequence.guid': '25.6', 'Sequence.name': '25.6', 'Sequence.setPlayerPosition': '25.6',
  'Sequence.setSelection': '25.6',
  // SequenceEditor
  'SequenceEditor.createInsertProjectItemAction': '25.6', 'SequenceEditor.createRemoveItemsAction': '25.6',
  'SequenceEditor.createOverwriteItemAction': '25.6', 'SequenceEditor.getEditor': '25.6',
  // SequenceSettings
  'SequenceSettings.getVideoDisplayFormat': '25.6', 'SequenceSettings.getVideoFrameRate': '26.2',
  // SourceMonitor
  'SourceMonitor.openFilePath': '25.6', 'SourceMonitor.setPosition': '26.3', 'SourceMonitor.getPosition': '25.6', 'SourceMonitor.closeClip': '25.6',
  // TickTime
  'TickTime.add': '25.6', 'TickTime.alignToFrame': '25.6', 'TickTime.alignToNearestFrame': '25.6',
  'TickTime.createWithFrameAndFrameRate': '25.6', 'TickTime.createWithSeconds': '25.6',
  'TickTime.createWithTicks': '25.6', 'TickTime.divide': '25.6', 'TickTime.equals': '25.6',
  'TickTime.multiply': '25.6', 'TickTime.seconds': '25.6', 'TickTime.subtract': '25.6', 'TickTime.ticks': '25.6',
  'TickTime.ticksNumber': '25.6',
  // TransitionFactory
  'TransitionFactory.createVideoTransition': '25.6', 'TransitionFactory.getVideoTransitionMatchNames': '25.6',
  // TrackItemSelection
  'TrackItemSelection.addItem': '25.6', 'TrackItemSelection.createEmptySelection': '25.6', 'TrackItemSelection.getTrackItems': '25.6',
  // VideoClipTrackItem
  'VideoClipTrackItem.createSetDisabledAction': '25.6', 'VideoClipTrackItem.createSetNameAction': '25.6', 'VideoClipTrackItem.getEndTime': '25.6',
  'VideoClipTrackItem.getInPoint': '25.6', 'VideoClipTrackItem.getName': '25.6',
  'VideoClipTrackItem.getOutPoint': '25.6', 'VideoClipTrackItem.getProjectItem': '25.6',
  'VideoClipTrackItem.getStartTime': '25.6', 'VideoClipTrackItem.getTrackIndex': '25.6',
  'VideoClipTrackItem.getType': '25.6', 'VideoClipTrackItem.isDisabled': '25.6',
  'VideoClipTrackItem.createAddVideoTransitionAction': '25.6', 'VideoClipTrackItem.createRemoveVideoTransitionAction': '25.6',
  // VideoTrack
  'VideoTrack.createSetNameAction': '26.3', 'VideoTrack.getIndex': '25.6', 'VideoTrack.getTrackItems': '25.6', 'VideoTrack.id': '25.6',
  'VideoTrack.isMuted': '25.6', 'VideoTrack.name': '25.6',
};

/** Compares dotted versions numerically ("26.10" > "26.3"; missing parts count as 0). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
