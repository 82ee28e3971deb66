import { render, screen, within } from '@testing-library/react';
import type { JobRecord } from '../domain/job';
import { TICKS_PER_SECOND } from '../domain/time';
import { EXPORT_PRESET, createWorld, deferred, fakeMp4, makeSequence } from './testing/fakes';
import { renderPanel, settle, startRetake } from './testing/renderPanel';
import { TakeThumbnail, thumbnailSrc } from './TakeThumbnail';

const row = (id: string) => within(document.querySelector(`[data-job-id="${id}"]`) as HTMLElement);

describe("A placed take's card", () => {
  it('shows the frame the host exported, and says which labels Premiere did not write', async () => {
    const world = createWorld({
      sequence: makeSequence({ zeroFrames: 90000, marks: [250, 315] }),
      hostExtras: {
        takeThumbnail: async (_s, _at, jobId) => `plugin-data:/thumbnails/take-${jobId}.png`,
        placeTake: async (_t, p) => ({ sequenceId: p.sequenceId, name: p.name, videoTrackIndex: 2, audioTrackIndex: null, at: p.at.toString(), notLabelled: ['metadata'] }),
      },
    });
    await renderPanel(world, { initialTab: 'jobs' });
    const id = await startRetake(world, 'a red car');
    await settle(() => world.inference.finish(0.5));
    const img = row(id).getByTestId('job-thumbnail') as HTMLImageElement;
    expect(img.getAttribute('src')).toBe(`plugin-data:/thumbnails/take-${id}.png`);
    expect(row(id).getByTestId('job-not-labelled').textContent).toBe(
      'The take is placed, but Premiere did not write its LTX fields in the Project panel metadata. Its prompt, cost and ids are in Details.',
    );
    expect(screen.queryAllByTestId('job-thumbnail')).toHaveLength(1);
  });

  it("exports the thumbnail in its turn on the timeline: another job's export waits for it", async () => {
    const thumbnailHeld = deferred();
    const events: string[] = [];
    const world = createWorld({
      sequence: makeSequence({ zeroFrames: 90000, marks: [250, 315] }),
      hostExtras: {
        takeThumbnail: async (_s, _at, jobId) => {
          events.push('thumbnail');
          await thumbnailHeld.promise;
          events.push('thumbnail done');
          return `plugin-data:/thumbnails/take-${jobId}.png`;
        },
        exportWindow: async (_id, window, outPath) => {
          events.push('export');
          await world.files.write(outPath, fakeMp4(Number(window.end - window.start) / Number(TICKS_PER_SECOND)));
          return { preset: EXPORT_PRESET };
        },
      },
    });
    await renderPanel(world, { initialTab: 'jobs' });
    await startRetake(world, 'a red car');
    await settle(() => world.inference.finish(0.5)); // placed; now exporting its thumbnail
    world.host.sequence = makeSequence({ zeroFrames: 90000, marks: [500, 565] });
    await startRetake(world, 'a blue car');
    expect(events).toEqual(['export', 'thumbnail']);
    await settle(() => thumbnailHeld.resolve());
    expect(events).toEqual(['export', 'thumbnail', 'thumbnail done', 'export']);
  });

  it('shows images from the plugin data folder only', () => {
    const job = (thumbnail: string) => ({ thumbnail }) as JobRecord;
    expect(thumbnailSrc(job('plugin-data:/thumbnails/take-a.png'))).toBe('plugin-data:/thumbnails/take-a.png');
    expect(thumbnailSrc(job('file:/Users/me/secret.png'))).toBeNull();
    expect(thumbnailSrc(job('https://example.com/x.png'))).toBeNull();
    expect(thumbnailSrc(job('plugin-data:/../../etc/x.png'))).toBeNull();
    expect(thumbnailSrc(job('plugin-data:/thumbnails/..\\..\\x.png'))).toBeNull();
  });
});

it('says where to look at a take waiting for review, which has no frame yet', () => {
  render(<TakeThumbnail job={{ stage: 'review', plan: { prompt: 'rain' } } as JobRecord} />);
  expect(screen.getByTestId('job-thumbnail-later').textContent).toBe('A thumbnail comes once the take is placed: Premiere exports frames of sequences only.');
  expect(screen.queryByTestId('job-thumbnail')).toBeNull();
});
