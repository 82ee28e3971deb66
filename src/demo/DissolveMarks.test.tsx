import { render } from '@testing-library/react';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import type { ClipInfo } from '../standins/premiere/fakePremiere';
import { DissolveMarks } from './DissolveMarks';

const f = (frames: number) => framesToTicks(frames, FRAME_RATES['25']);

test('the demo timeline marks a clip\'s dissolves on its edges, as wide as they last', () => {
  const clip = { start: 0n, end: f(100), transitions: { start: { matchName: 'AE.ADBE Cross Dissolve New', duration: f(10), alignment: 0, singleSided: true } } } as unknown as ClipInfo;
  const { container } = render(<DissolveMarks clip={clip} />);
  const marks = [...container.querySelectorAll('[data-testid="tl-dissolve"]')] as HTMLElement[];
  expect(marks.map((m) => [m.dataset.edge, m.style.width])).toEqual([['start', '10%']]);
  const none = render(<DissolveMarks clip={{ ...clip, transitions: {} }} />);
  expect(none.container.querySelectorAll('[data-testid="tl-dissolve"]')).toHaveLength(0);
});
