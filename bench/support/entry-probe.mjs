// --import this into `node bin/openclaw-tui.cjs` (an untimed run only) to learn which program the
// bin really loaded: its resolve hook says so on stderr (fd 2, written from the hooks thread).
import {register} from 'node:module';

register('./entry-probe-hooks.mjs', import.meta.url);
