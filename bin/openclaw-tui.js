#!/usr/bin/env node
// Runs the TypeScript sources through tsx's loader, so `npm start`, `npx openclaw-tui` and a
// global install behave the same without a separate build step.
import {register} from 'tsx/esm/api';

register();
await import('../source/cli.tsx');
