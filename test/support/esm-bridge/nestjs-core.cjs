module.exports = require('./bridged-module.cjs')('@nestjs/core');
