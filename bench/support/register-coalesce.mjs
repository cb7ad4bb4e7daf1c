// --import this (after tsx) to run the console with coalesced store notifications.
import {register} from 'node:module';

register('./coalesce-hooks.mjs', import.meta.url);
