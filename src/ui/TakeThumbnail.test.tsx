import { render, screen, within } from '@testing-library/react';
import type { JobRecord } from '../domain/job';
import { createWorld, makeSequence } from './testing/fakes';
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
