export * from './configuration';
export * from './database-url';
export * from './environment-variables';
export * from './recway-config.module';
export * from './recway.config';
export * from './validate-environment';
