// Module resolve hook for the "coalesced" experiment: when run-console.tsx imports the store, it
// gets bench/support/coalesced-store.ts instead. Nothing else is redirected.

const shim = new URL('./coalesced-store.ts', import.meta.url).href;

export const resolve = (specifier, context, nextResolve) => {
  if (
    specifier === '../state/store.ts' &&
    context.parentURL !== undefined &&
    context.parentURL.endsWith('/source/console/run-console.tsx')
  ) {
    return nextResolve(shim, context);
  }
  return nextResolve(specifier, context);
};
