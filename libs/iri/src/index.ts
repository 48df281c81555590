export * from './iri';
export * from './quarter-car';
