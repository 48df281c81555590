const REGISTRY = Symbol.for('recway.jest.esm-bridge');

module.exports = (name) => {
  const namespace = globalThis[REGISTRY]?.[name];
  if (!namespace) throw new Error(`${name} was required from CommonJS before test/support/esm-bridge/register.ts ran`);
  return namespace;
};
