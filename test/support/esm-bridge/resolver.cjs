// Node 20.19 lets CommonJS packages require() the ESM-only Nest 12 packages; Jest's module system does
// that only on Node >= 24.9. @nestjs/throttler is such a CommonJS package, so under Jest its
// require('@nestjs/common') and require('@nestjs/core') are served the very ESM instances the tests
// import (stored by register.ts) — one copy of Nest, as in the server.
const { join } = require('node:path');

const BRIDGED = new Set(['@nestjs/common', '@nestjs/core']);

module.exports = (request, options) => {
  const fromCommonJs = options.conditions?.includes('require');
  if (fromCommonJs && BRIDGED.has(request)) return join(__dirname, `${request.replace('@nestjs/', 'nestjs-')}.cjs`);
  return options.defaultResolver(request, options);
};
