import { fireEvent, screen } from '@testing-library/react';
import { PREFS_PATH, createWorld } from './testing/fakes';
import { renderPanel, settle } from './testing/renderPanel';

const savedPrefs = (world: ReturnType<typeof createWorld>) => JSON.parse(world.files.texts.get(PREFS_PATH) ?? '{}');
const savedPrefsOrDefault = (world: ReturnType<typeof createWorld>) => ({ handleSeconds: 1, ...savedPrefs(world) });

describe('Settings tab', () => {
  it('saves the key to secure storage, never shows it again, and the Retake tab unblocks', async () => {
    const world = createWorld({ apiKey: null });
    const { container } = await renderPanel(world, { initialTab: 'settings' });
    expect(screen.getByTestId('settings-key-status').textContent).toContain('No key stored.');
    const field = screen.getByTestId('settings-api-key') as HTMLInputElement;
    expect(field.type).toBe('password');
    fireEvent.change(field, { target: { value: '  rw-secret-123  ' } });
    await settle(() => fireEvent.click(screen.getByTestId('settings-save-key')));
    expect(world.secrets.key).toBe('rw-secret-123');
    expect(field.value).toBe('');
    expect(container.innerHTML).not.toContain('rw-secret-123');
    expect(screen.getByTestId('settings-key-status').textContent).toContain('A key is stored in secure storage.');
    expect(screen.getByTestId('notice').textContent).toContain('API key saved in secure storage.');
    fireEvent.click(screen.getByTestId('tab-retake'));
    expect(screen.queryByTestId('missing-key')).toBeNull();
  });

  it('the key field is text while focused and password otherwise (macOS cannot read password fields)', async () => {
    const world = createWorld({ apiKey: null });
    await renderPanel(world, { initialTab: 'settings' });
    const field = screen.getByTestId('settings-api-key') as HTMLInputElement;
    expect(field.type).toBe('password');
    fireEvent.focus(field);
    expect(field.type).toBe('text');
    fireEvent.change(field, { target: { value: 'rw-typed' } });
    fireEvent.blur(field);
    expect(field.type).toBe('password');
    await settle(() => fireEvent.click(screen.getByTestId('settings-save-key')));
    expect(world.secrets.key).toBe('rw-typed');
  });

  it('every select carries its value as an attribute, which is what UXP shows', async () => {
    const world = createWorld();
    await renderPanel(world, { initialTab: 'settings' });
    const concurrency = screen.getByTestId('settings-concurrency') as HTMLSelectElement;
    await settle(() => fireEvent.change(concurrency, { target: { value: '6' } }));
    expect(concurrency.getAttribute('value')).toBe('6');
    await settle(() => fireEvent.change(screen.getByTestId('settings-default-mode'), { target: { value: 'replace_audio' } }));
    expect(screen.getByTestId('settings-default-mode').getAttribute('value')).toBe('replace_audio');
    expect(screen.getByTestId('settings-handles').getAttribute('value')).toBe(String(savedPrefsOrDefault(world).handleSeconds));
  });

  it('removes the key', async () => {
    const world = createWorld();
    await renderPanel(world, { initialTab: 'settings' });
    await settle(() => fireEvent.click(screen.getByTestId('settings-remove-key')));
    expect(world.secrets.key).toBeNull();
    expect(screen.getByTestId('settings-key-status').textContent).toContain('No key stored.');
    expect(screen.getByTestId('notice').textContent).toContain('API key removed.');
    fireEvent.click(screen.getByTestId('notice-dismiss'));
    expect(screen.queryByTestId('notice')).toBeNull();
  });

  it('saves where takes go, the defaults, concurrency and the spending cap', async () => {
    const world = createWorld();
    await renderPanel(world, { initialTab: 'settings' });
    const folder = screen.getByTestId('settings-takes-folder');
    fireEvent.change(folder, { target: { value: '/Volumes/Media/Retakes' } });
    await settle(() => fireEvent.blur(folder));
    await settle(() => fireEvent.change(screen.getByTestId('settings-default-mode'), { target: { value: 'replace_audio' } }));
    await settle(() => fireEvent.change(screen.getByTestId('settings-handles'), { target: { value: '2' } }));
    await settle(() => fireEvent.change(screen.getByTestId('settings-concurrency'), { target: { value: '6' } }));
    const cap = screen.getByTestId('settings-spending-cap');
    fireEvent.change(cap, { target: { value: '$12.50' } });
    await settle(() => fireEvent.keyDown(cap, { key: 'Enter' }));
    expect(savedPrefs(world)).toMatchObject({ takesFolder: '/Volumes/Media/Retakes', mode: 'replace_audio', handleSeconds: 2, concurrency: 6, spendingCapUsd: 12.5 });
    expect(screen.getByTestId('settings-saved').textContent).toBe('Saved');

    fireEvent.change(cap, { target: { value: 'lots' } });
    await settle(() => fireEvent.blur(cap));
    expect(screen.getByTestId('settings-cap-error').textContent).toBe('Enter an amount in dollars, such as 5 or 12.50, or leave it empty for no cap.');
    fireEvent.change(cap, { target: { value: '' } });
    await settle(() => fireEvent.blur(cap));
    expect(screen.queryByTestId('settings-cap-error')).toBeNull();
    fireEvent.change(folder, { target: { value: '  ' } });
    await settle(() => fireEvent.blur(folder));
    expect(savedPrefs(world)).toMatchObject({ takesFolder: null, spendingCapUsd: null });
  });
});
