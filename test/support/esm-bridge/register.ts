import * as common from '@nestjs/common';
import * as core from '@nestjs/core';

// See resolver.cjs: the ESM instances CommonJS packages are given under Jest.
(globalThis as Record<symbol, unknown>)[Symbol.for('recway.jest.esm-bridge')] = {
  '@nestjs/common': common,
  '@nestjs/core': core,
};
