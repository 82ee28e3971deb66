/**
 * The demo's take thumbnails: only PNGs in its thumbnails folder are read (with the page's token,
 * through its file API), shown as the page's own blob: URL, and freed when the card goes.
 */
import { render, screen, waitFor } from '@testing-library/react';
import type { JobRecord } from '../domain/job';
import { TakeThumbnail, ThumbnailFetcher, ThumbnailFetcherContext } from '../ui/TakeThumbnail';
import { createThumbnailFetcher, isThumbnailPath } from './thumbnailFetcher';

const FOLDER = '/data/thumbnails';

test('only .png files directly in the thumbnails folder count as thumbnails', () => {
  expect(isThumbnailPath(`${FOLDER}/take-a1.png.png`, FOLDER)).toBe(true);
  for (const path of [
    '/data/state/retake-journal.json',
    `${FOLDER}/../state/x.png`,
    `${FOLDER}/sub/x.png`,
    `${FOLDER}/x.mp4`,
    `${FOLDER}/.hidden.png`,
    `${FOLDER}s/x.png`,
    `${FOLDER}/..\\x.png`,
    'plugin-data:/thumbnails/x.png',
  ]) {
    expect([path, isThumbnailPath(path, FOLDER)]).toEqual([path, false]);
  }
});

test('a path outside the folder is never read; a thumbnail is read and shown as a blob: URL, freed afterwards', async () => {
  const read = jest.fn(async () => new Uint8Array([137, 80, 78, 71]));
  const made: Blob[] = [];
  const revoked: string[] = [];
  Object.assign(URL, {
    createObjectURL: (b: Blob) => (made.push(b), `blob:demo/${made.length}`),
    revokeObjectURL: (u: string) => revoked.push(u),
  });
  const fetcher = createThumbnailFetcher({ read }, FOLDER);
  expect(await fetcher('/data/state/retake-journal.json')).toBeNull();
  expect(read).not.toHaveBeenCalled();
  const picture = await fetcher(`${FOLDER}/take-a.png`);
  expect(read).toHaveBeenCalledWith(`${FOLDER}/take-a.png`);
  expect([picture?.src, made[0].type, made[0].size]).toEqual(['blob:demo/1', 'image/png', 4]);
  picture?.release();
  expect(revoked).toEqual(['blob:demo/1']);
});

test("a placed take's card shows the fetcher's picture, and frees it when the card goes", async () => {
  const released: string[] = [];
  const fetcher: ThumbnailFetcher = async (path) => ({ src: `blob:${path}`, release: () => released.push(path) });
  const job = { id: 'a', stage: 'done', placed: {}, thumbnail: `${FOLDER}/take-a.png`, plan: { prompt: 'rain' } } as unknown as JobRecord;
  const { unmount } = render(
    <ThumbnailFetcherContext.Provider value={fetcher}>
      <TakeThumbnail job={job} />
    </ThumbnailFetcherContext.Provider>,
  );
  await waitFor(() => expect(screen.getByTestId('job-thumbnail').getAttribute('src')).toBe(`blob:${FOLDER}/take-a.png`));
  unmount();
  expect(released).toEqual([`${FOLDER}/take-a.png`]);
});
