// Resolve hook for entry-probe.mjs: reports dist/cli.js (the prebuilt bundle) or
// source/cli.tsx (the tsx fallback) when the bin resolves it. Changes nothing it resolves.
import {writeSync} from 'node:fs';

export const resolve = async (specifier, context, nextResolve) => {
  const result = await nextResolve(specifier, context);
  if (result.url.endsWith('/dist/cli.js')) writeSync(2, 'oct-bench-entry: bundle\n');
  else if (result.url.endsWith('/source/cli.tsx')) writeSync(2, 'oct-bench-entry: tsx\n');
  return result;
};
