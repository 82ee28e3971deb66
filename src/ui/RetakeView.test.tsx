import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RETAKE_LIMITS } from '../domain/limits';
import { FRAME_RATES } from '../domain/time';
import { timecodeToFrames } from '../domain/timecode';
import { createWorld, makeSequence } from './testing/fakes';
import { renderPanel, settle } from './testing/renderPanel';

const retakeButton = () => screen.getByTestId('retake-button') as HTMLButtonElement;
const blocker = () => screen.getByTestId('retake-blocker').textContent;
const typePrompt = (text: string) => fireEvent.change(screen.getByTestId('prompt'), { target: { value: text } });
const ctrlEnter = (target: Element = document.body) => fireEvent.keyDown(target, { key: 'Enter', ctrlKey: true });

/** 25 fps, starting at 01:00:00:00, marks 10:00-12:15 (2.6 s): the worked example of retake-timing.md. */
const workedExample = () => makeSequence({ zeroFrames: 90000, marks: [250, 315] });

describe('Retake tab', () => {
  it('in the sound modes, the mode hint says to describe the result (words in a prompt can be spoken aloud)', async () => {
    const world = createWorld({ sequence: workedExample() });
    await renderPanel(world);
    const hint = () => screen.getByTestId('mode').parentElement?.textContent ?? '';
    expect(hint()).not.toContain('spoken aloud');
    for (const mode of ['replace_audio', 'replace_audio_and_video'] as const) {
      await settle(() => world.controller.setDraft({ mode }));
      expect(hint()).toContain('Describe the result, not an order: words in the prompt can be spoken aloud.');
    }
  });

  it('with no sequence open, says to open one and keeps Retake disabled', async () => {
    await renderPanel(createWorld({ sequence: null }));
    typePrompt('a red car');
    expect(blocker()).toBe('Open a sequence in the Timeline to retake part of it.');
    expect(screen.getByTestId('plan-reason').textContent).toBe('No active sequence.');
    expect(retakeButton().disabled).toBe(true);
  });

  it('with nothing marked, gives the reason and keeps Retake disabled', async () => {
    await renderPanel(createWorld({ sequence: makeSequence({ marks: null }) }));
    expect(blocker()).toBe('Write a prompt describing what the retaken range should show.');
    typePrompt('a red car');
    expect(blocker()).toBe('Mark an in and an out point on the active sequence (I and O) around the part to retake.');
    expect(screen.getByTestId('plan-marked').textContent).toBe('No in/out marked');
    expect(retakeButton().disabled).toBe(true);
  });

  it('with a range under the model minimum, says how much to widen it', async () => {
    await renderPanel(createWorld({ sequence: makeSequence({ marks: [250, 275] }) }));
    typePrompt('a red car');
    expect(blocker()).toBe('The marked range is 1 s; LTX-2 Retake regenerates at least 2 s. Widen the marks by 1 s.');
    expect(retakeButton().disabled).toBe(true);
  });

  it('without an API key, says what to do, opens Settings, and still shows the plan', async () => {
    await renderPanel(createWorld({ apiKey: null, sequence: workedExample() }));
    typePrompt('a red car');
    expect(screen.getByTestId('missing-key').textContent).toContain('No Runware API key yet.');
    expect(blocker()).toBe('Add your Runware API key in Settings to retake.');
    expect(screen.getByTestId('plan-cost').textContent).toBe('5 s · Est. $0.50');
    expect(retakeButton().disabled).toBe(true);
    fireEvent.click(screen.getByTestId('open-settings'));
    expect(screen.getByTestId('settings-api-key').getAttribute('type')).toBe('password');
  });

  it('shows the live plan at the sequence rate and start timecode, and retakes on click', async () => {
    const world = createWorld({ sequence: workedExample() });
    await renderPanel(world);
    typePrompt('a red car');
    expect(screen.getByTestId('plan-marked').textContent).toBe('01:00:10:00 – 01:00:12:14 (00:00:02:15)');
    expect(screen.getByTestId('plan-replaced').textContent).toBe('01:00:10:00 – 01:00:12:24 (00:00:03:00)');
    expect(screen.getByTestId('plan-extra').textContent).toBe('+0.4 s after the out point: the model regenerates whole seconds.');
    expect(screen.getByTestId('plan-window').textContent).toBe('01:00:09:00 – 01:00:13:24 (00:00:05:00)');
    expect(screen.queryByTestId('plan-request')).toBeNull(); // the API's figures wait in the details row
    fireEvent.click(screen.getByTestId('plan-details-toggle'));
    expect(screen.getByTestId('plan-request').textContent).toBe('startTime 1 s · duration 3 s');
    expect(screen.getByTestId('plan-cost').textContent).toBe('5 s · Est. $0.50');
    expect(screen.queryByTestId('retake-blocker')).toBeNull();
    expect(retakeButton().disabled).toBe(false);
    expect(retakeButton().textContent).toBe('Retake · Est. $0.50');

    await settle(() => fireEvent.click(retakeButton()));
    expect(world.inference.submitted).toHaveLength(1);
    expect(world.inference.submitted[0]).toMatchObject({ prompt: 'a red car', mode: 'replace_video', startTime: 1, duration: 3 });
    expect(screen.getByTestId('retake-started').textContent).toContain(`Started job ${world.controller.store.getState().jobs[0].id}`);
    // The same range cannot be started twice while it runs.
    expect(blocker()).toMatch(/^This range is already being retaken \(job \w+\)\.$/);
  });

  it('Ctrl+Enter anywhere in the panel retakes with the current prompt and mode', async () => {
    const world = createWorld({ sequence: workedExample() });
    await renderPanel(world);
    typePrompt('rain on the window');
    fireEvent.change(screen.getByTestId('mode'), { target: { value: 'replace_audio' } });
    expect(screen.getByTestId('retake-shortcut').textContent).toMatch(/Enter/);
    await settle(() => ctrlEnter(screen.getByTestId('tab-retake')));
    expect(world.controller.store.getState().jobs).toHaveLength(1);
    expect(world.inference.submitted[0]).toMatchObject({ prompt: 'rain on the window', mode: 'replace_audio' });
  });

  it('Ctrl+Enter from inside the prompt works too; a blocked shortcut says why', async () => {
    const world = createWorld({ sequence: makeSequence({ marks: null }) });
    await renderPanel(world);
    typePrompt('a red car');
    await settle(() => ctrlEnter(screen.getByTestId('prompt')));
    expect(world.controller.store.getState().jobs).toHaveLength(0);
    expect(screen.getByTestId('notice').textContent).toContain('Mark an in and an out point');
    world.host.sequence = workedExample();
    await settle(() => ctrlEnter(screen.getByTestId('prompt')));
    expect(world.controller.store.getState().jobs).toHaveLength(1);
    expect(screen.queryByTestId('notice')).toBeNull();
  });

  it('counts prompt characters against the limit and warns near and over it', async () => {
    await renderPanel(createWorld({ sequence: workedExample() }));
    const count = () => screen.getByTestId('prompt-count');
    typePrompt('a red car');
    expect(count().textContent).toBe('9 / 5,000');
    expect(count().getAttribute('data-level')).toBe('ok');
    typePrompt('x'.repeat(RETAKE_LIMITS.maxPromptChars - 10));
    expect(count().getAttribute('data-level')).toBe('near');
    typePrompt('x'.repeat(RETAKE_LIMITS.maxPromptChars + 3));
    expect(count().getAttribute('data-level')).toBe('over');
    expect(count().textContent).toBe('5,003 / 5,000 (3 over)');
    expect(blocker()).toBe('The prompt is 5003 characters; the limit is 5000. Shorten it.');
    // The figures still show, so the cost is known while the prompt is trimmed.
    expect(screen.getByTestId('plan-cost').textContent).toBe('5 s · Est. $0.50');
  });

  it('follows the marks on the refresh timer', async () => {
    const world = createWorld({ sequence: workedExample() });
    await renderPanel(world, { refreshPolicy: { kind: 'interval', intervalMs: 10 } });
    typePrompt('a red car');
    world.host.sequence = makeSequence({ zeroFrames: 90000, marks: [250, 350] });
    await waitFor(() => expect(screen.getByTestId('plan-replaced').textContent).toBe('01:00:10:00 – 01:00:13:24 (00:00:04:00)'));
    expect(screen.getByTestId('plan-cost').textContent).toBe('6 s · Est. $0.60');
  });

  it('re-reads the marks on window focus', async () => {
    const world = createWorld({ sequence: workedExample() });
    await renderPanel(world);
    typePrompt('a red car');
    world.host.sequence = makeSequence({ zeroFrames: 90000, marks: [250, 300] });
    await settle(() => fireEvent.focus(window));
    expect(screen.getByTestId('plan-replaced').textContent).toBe('01:00:10:00 – 01:00:11:24 (00:00:02:00)');
    expect(screen.getByTestId('plan-extra').textContent).toBe('Exactly the marked range.');
  });

  it('shows drop-frame timecodes and the extra split around the marks', async () => {
    const rate = FRAME_RATES['29.97 DF'];
    const zeroFrames = timecodeToFrames('01:00:00;00', rate);
    const world = createWorld({ sequence: makeSequence({ rate, zeroFrames, lengthFrames: 3000, marks: [300, 375] }) });
    await renderPanel(world);
    typePrompt('a red car');
    fireEvent.change(screen.getByTestId('extra-placement'), { target: { value: 'split' } });
    const plan = within(screen.getByTestId('plan'));
    expect(plan.getByTestId('plan-marked').textContent).toBe('01:00:10;00 – 01:00:12;14 (00:00:02;15)');
    expect(plan.getByTestId('plan-extra').textContent).toMatch(/^\+0\.\d+ s before the in point and \+0\.\d+ s after the out point/);
  });
});
