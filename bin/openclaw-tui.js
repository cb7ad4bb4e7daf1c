#!/usr/bin/env node
// Runs the TypeScript sources through tsx's loader, so `npm start`, `npx openclaw-tui` and a
// global install behave the same without a separate build step.
import {register} from 'tsx/esm/api';

// React's development build is several times slower to render; the console is a product, not a
// development session (set NODE_ENV=development to get React's checks back).
process.env.NODE_ENV ??= 'production';
register();
await import('../source/cli.tsx');
