/*
 * The seed of the property tests (fast-check). Unset, each run draws a new one and a failure
 * names it; FC_SEED=<n> replays that run. `.ci/run` sets one, so that a landing is judged on the
 * same generated cases every time — a case found by exploring (a local `npm test`) is fixed and
 * kept as a test, not met by chance in CI.
 */
const fc = require('fast-check');

const seed = process.env.FC_SEED;
if (seed !== undefined && seed !== '') {
  if (!/^-?\d+$/.test(seed)) throw new Error(`FC_SEED must be an integer, not ${JSON.stringify(seed)}`);
  fc.configureGlobal({ seed: Number(seed) });
}
