// Ink renders nothing but the last frame when it believes it runs in CI (the CI or
// CONTINUOUS_INTEGRATION variables, read once when Ink is first imported). An operator's console
// on a real terminal must draw live whatever the environment says, so those two variables are
// hidden from this process before Ink loads. Children (an embedded gateway) get the original
// environment, which the caller keeps.

const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

/** Returns a copy of the environment as it was, for child processes. */
export const prepareInteractiveEnv = (env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => {
  const original = {...env};
  for (const name of CI_VARIABLES) delete env[name];
  return original;
};
