/**
 * The worker's budget (docs/bench.md, "Worker wake-up"): its script is parsed and run at every wake-up, so its size is
 * checked by `npm run release:check` (the Chrome package) and printed by `npm run bench -- wake-up` (the build).
 */
export const WORKER_SCRIPT = 'background.js';
/** KiB (1,024 bytes) of the Chrome build's minified worker script: 330 KiB when set (tldts 131, Dexie 96). */
export const WORKER_BUDGET_KB = 350;
/** The median cold wake-up (worker stopped → the tab's mark) as a ratio to the floor's, in the same run. */
export const WAKE_RATIO_BUDGET = 3;
