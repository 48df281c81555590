export * from './iri';
export * from './quarter-car';
export * from './condition-bands';
