export * from './errors/all-exceptions.filter';
export * from './errors/request-validation.exception';
export * from './errors/validation-issue';
export * from './http/request-id';
export * from './validation/parse-id.pipe';
export * from './validation/request-validation.pipe';
export * from './validation/validation-issues';
