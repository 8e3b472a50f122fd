/**
 * jest's node environment plus `workerFixture(key, build)`: a value built once per jest
 * worker and handed to every test file the worker runs. Each test file gets a fresh
 * context and module registry, so without this every file (and every helper in it)
 * rebuilds the engine over the shipped knowledge (~0.25 s each time). Only values that
 * never change once built belong here; see test/fixtures/sharedEngine.ts.
 */
const { TestEnvironment } = require('jest-environment-node');

const fixtures = new Map();

class WorkerEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.workerFixture = (key, build) => {
      if (!fixtures.has(key)) fixtures.set(key, build());
      return fixtures.get(key);
    };
  }
}

module.exports = WorkerEnvironment;
