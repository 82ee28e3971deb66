/**
 * Every limit of LTX-2 Retake on Runware, in one table. Values marked "unconfirmed" come from
 * Lightricks or other hosts, not Runware: a first real call that proves one wrong changes one line.
 */
export const MODEL_ID = 'lightricks:3@1';

export const RETAKE_LIMITS = {
  /** Shortest regenerated segment, seconds. */
  minSegmentSeconds: 2,
  /** Longest regenerated segment, seconds (Replicate/WaveSpeed cap; fal allows 20). Unconfirmed on Runware. */
  maxSegmentSeconds: 16,
  /** Shortest uploaded clip: 73 frames at the model's 24 fps (about 3.04 s). */
  minClipFramesAt24: 73,
  /** Longest uploaded clip, seconds (Lightricks: about 20 s / 505 frames). Unconfirmed on Runware. */
  maxClipSeconds: 20,
  /** Prompt length cap (Lightricks). Runware's own cap is unconfirmed. */
  maxPromptChars: 5000,
  /**
   * Whether startTime/duration may be fractional. Every documented example uses whole seconds and
   * the Python SDK types them as integers: unconfirmed, so off.
   */
  fractionalTiming: false,
  /** Largest upload we allow ourselves (Lightricks takes 32 MB by URL); we budget below it. */
  maxUploadBytes: 24 * 1024 * 1024,
  /** Largest source frame size the model takes. */
  maxWidth: 3840,
  maxHeight: 2160,
} as const;

export type RetakeLimits = { -readonly [K in keyof typeof RETAKE_LIMITS]: (typeof RETAKE_LIMITS)[K] extends boolean ? boolean : number };

/** Price per second of uploaded clip, USD. Runware bills retakes by input-video length. */
export const PRICE_PER_UPLOADED_SECOND_USD = 0.1;

export const RETAKE_MODES = ['replace_video', 'replace_audio', 'replace_audio_and_video'] as const;
export type RetakeMode = (typeof RETAKE_MODES)[number];

export const MODE_LABELS: Record<RetakeMode, string> = {
  replace_video: 'Replace video',
  replace_audio: 'Replace audio',
  replace_audio_and_video: 'Replace video and audio',
};

export function modeTouchesVideo(mode: RetakeMode): boolean {
  return mode !== 'replace_audio';
}

export function modeTouchesAudio(mode: RetakeMode): boolean {
  return mode !== 'replace_video';
}

export function isRetakeMode(value: unknown): value is RetakeMode {
  return typeof value === 'string' && (RETAKE_MODES as readonly string[]).includes(value);
}

/** Retake x N: the most takes of one plan a single Retake starts. */
export const VARIATIONS_MAX = 4;
