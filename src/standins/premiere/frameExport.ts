/**
 * Exporter.exportSequenceFrame: one frame of a sequence as an image, rendered as the sequence
 * composites it (the renderer's top-most enabled clip, black over a gap). From Adobe's Exporter
 * reference: the formats bmp, dpx, gif, jpg, exr, png, tga and tif (taken from the file name's
 * extension here), a file name and a directory given apart, the size in pixels, a boolean result.
 * From Adobe's premiere-api sample alone: the time is a sequence time like the player position,
 * and the file is written with the format's extension added again ("output.png.png"); which name
 * is written is a behaviour switch (frameExportAddsExtension). A time outside the sequence, a size
 * below one pixel or a renderer without stills resolves false and writes nothing.
 */
import type { PExporterStatic } from '../../adapters/premiere/subset';
import { ticksPerFrame } from '../../domain/time';
import type { Ctx } from './context';
import { renderSpec } from './encoderApi';
import { findSequence, sequenceEnd } from './state';
import { tickTicks } from './time';
import { PremiereRuleError } from './transactions';

export const FRAME_FORMATS = ['bmp', 'dpx', 'gif', 'jpg', 'exr', 'png', 'tga', 'tif'];

/** Where the frame is written: the directory joined to the name, with the extension added again where this Premiere does. */
export function frameFilePath(directory: string, filename: string, addsExtension: boolean): string {
  const dir = /[\\/]$/.test(directory) ? directory : `${directory}/`;
  const ext = filename.slice(filename.lastIndexOf('.') + 1).toLowerCase();
  return `${dir}${filename}${addsExtension ? `.${ext}` : ''}`;
}

export function exporterView(ctx: Ctx): PExporterStatic {
  return {
    exportSequenceFrame: async (sequence, time, filename, filepath, width, height) => {
      if (ctx.gate.locked) throw new PremiereRuleError('exportSequenceFrame is async and cannot run inside lockedAccess.');
      const { guid } = ctx.refOf(sequence, 'sequence', 'Exporter.exportSequenceFrame');
      const renderFrame = ctx.options.renderer?.renderFrame;
      const ext = typeof filename === 'string' && filename.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1).toLowerCase() : '';
      if (!renderFrame || !FRAME_FORMATS.includes(ext) || typeof filepath !== 'string' || filepath === '') return false;
      if (!(Number.isFinite(width) && Number.isFinite(height)) || Math.round(width) < 1 || Math.round(height) < 1) return false;
      const seq = findSequence(ctx.project, guid);
      const at = ctx.fromApiTime(tickTicks(time), seq.zeroPoint);
      const tpf = ticksPerFrame(seq.rate);
      if (at < 0n || at >= sequenceEnd(seq)) return false;
      const frameStart = (at / tpf) * tpf;
      const spec = renderSpec(ctx.project, seq, { start: frameStart, end: frameStart + tpf });
      try {
        await renderFrame(spec, frameFilePath(filepath, filename, ctx.behaviour.frameExportAddsExtension), { width: Math.round(width), height: Math.round(height) });
      } catch {
        return false;
      }
      return true;
    },
  };
}
