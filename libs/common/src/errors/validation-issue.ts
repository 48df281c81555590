/** One failing input, in the shape FastAPI clients already parse. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export type InputLocation = 'body' | 'query' | 'path' | 'header';
