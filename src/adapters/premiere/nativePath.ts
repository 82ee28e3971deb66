/**
 * Paths handed to Premiere (export target, preset, files to import) in the platform's own form.
 * UXP's file API accepts '/' everywhere, but these strings go to Premiere's native code, and the
 * Windows paths third-party plugins hand to exportSequence and importFiles use backslashes.
 */
export type HostPlatform = 'windows' | 'mac';

/** The platform from UXP's `os.platform()` ('win32' on Windows, 'darwin' on macOS). */
export function hostPlatform(osPlatform: string): HostPlatform {
  return osPlatform.toLowerCase().startsWith('win') ? 'windows' : 'mac';
}

export function premierePath(path: string, platform: HostPlatform): string {
  if (platform === 'windows') return path.replace(/\//g, '\\');
  return path.replace(/\\/g, '/');
}
