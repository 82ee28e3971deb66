/** Premiere's marker colour indices 0-7, with the swatch colour the panel draws. */
export const MARKER_COLORS: Array<{ name: string; hex: string }> = [
  { name: 'Green', hex: '#3da74e' },
  { name: 'Red', hex: '#e34850' },
  { name: 'Purple', hex: '#a873e6' },
  { name: 'Orange', hex: '#f29423' },
  { name: 'Yellow', hex: '#e8c600' },
  { name: 'White', hex: '#eaeaea' },
  { name: 'Blue', hex: '#3a87e8' },
  { name: 'Cyan', hex: '#3fc6d6' },
];

export function markerColor(index: number): { name: string; hex: string } {
  return MARKER_COLORS[index] ?? { name: `Colour ${index}`, hex: '#888888' };
}
