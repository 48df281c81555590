import { jsonShapeIssues, MAX_JSON_DEPTH } from './json-shape';

const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe(jsonShapeIssues.name, () => {
  it('should accept ordinary values and primitives', () => {
    expect(jsonShapeIssues({ nombre: 'x', tramos: [{ desde_m: 0 }], n: null }, 'body')).toEqual([]);
    expect(jsonShapeIssues('text', 'body')).toEqual([]);
    expect(jsonShapeIssues(undefined, 'query')).toEqual([]);
  });

  it('should allow exactly MAX_JSON_DEPTH nested containers and refuse one more', () => {
    expect(jsonShapeIssues(nested(MAX_JSON_DEPTH), 'body')).toEqual([]);
    const [issue] = jsonShapeIssues(nested(MAX_JSON_DEPTH + 1), 'body');
    expect(issue).toEqual({
      loc: ['body', ...Array(MAX_JSON_DEPTH).fill(0)],
      msg: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
      type: 'json_too_deep',
    });
  });

  it('should inspect a million levels without overflowing the stack', () => {
    expect(jsonShapeIssues(nested(1_000_000), 'body')).toHaveLength(1);
  });

  it('should name every forbidden key with its path, and stop reporting after 100', () => {
    const value = JSON.parse('{"a": [1, {"__proto__": {}}], "constructor": 1, "b": {"prototype": 2}}');
    expect(jsonShapeIssues(value, 'body').map((issue) => issue.loc)).toEqual(
      expect.arrayContaining([
        ['body', 'a', 1, '__proto__'],
        ['body', 'constructor'],
        ['body', 'b', 'prototype'],
      ]),
    );
    const many = JSON.parse(`[${Array(1000).fill('{"__proto__": 1}').join(',')}]`);
    expect(jsonShapeIssues(many, 'body')).toHaveLength(100);
  });

  it('should not treat array indexes or ordinary keys named like methods as forbidden', () => {
    expect(jsonShapeIssues({ toString: 'x', valueOf: 1, hasOwnProperty: true }, 'body')).toEqual([]);
  });
});
