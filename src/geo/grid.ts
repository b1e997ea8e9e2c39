/** Grid cells are H3 at this resolution: about 350 m across, a grid worker's patch. */
export const GRID_RESOLUTION = 9;

/** Shape of an H3 index (15 hex digits, mode 1): cheap to test without loading H3. */
export const looksLikeCell = (value: string): boolean => /^8[0-9a-f]{14}$/.test(value);
