// The migrations suite reverts and re-applies the whole schema: it runs before every other suite,
// so none of them sees its tables dropped (or reused ids behind its cache) mid-run.
const Sequencer = require('@jest/test-sequencer').default;

class MigrationsFirst extends Sequencer {
  sort(tests) {
    const first = (test) => (test.path.endsWith('migrations.e2e-spec.ts') ? 0 : 1);
    return [...super.sort(tests)].sort((a, b) => first(a) - first(b));
  }
}

module.exports = MigrationsFirst;
