// Whether Ink may rewrite only the lines that changed. Ink 6.8's incremental renderer moves the
// cursor up one row too few after a frame that ends with a newline (every frame shorter than the
// terminal), smearing the screen; the shipped bundle fixes that line as it builds Ink in
// (scripts/bundle-options.mjs) and defines INK_INCREMENTAL_FIXED. Run from the sources, Ink is
// unpatched and whole frames are written. OPENCLAW_TUI_FULL_REDRAW=1 forces whole frames anyway,
// for a terminal that draws a partial update wrong.

declare const INK_INCREMENTAL_FIXED: boolean | undefined;

const fixedInThisBuild: boolean =
  typeof INK_INCREMENTAL_FIXED !== 'undefined' && INK_INCREMENTAL_FIXED === true;

export const incrementalRenderingFor = (env: NodeJS.ProcessEnv): boolean =>
  fixedInThisBuild && env.OPENCLAW_TUI_FULL_REDRAW !== '1';
