/**
 * RFC 8288 `Link` header for an offset page: `next` while rows remain, `prev` after the first page.
 * URIs are relative references that keep every other query parameter.
 */
export function paginationLinks(originalUrl: string, skip: number, limit: number, total: number): string | undefined {
  const url = new URL(originalUrl, 'http://recway.invalid');
  const link = (newSkip: number, rel: string): string => {
    url.searchParams.set('skip', String(newSkip));
    url.searchParams.set('limit', String(limit));
    return `<${url.pathname}${url.search}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (skip + limit < total) links.push(link(skip + limit, 'next'));
  if (skip > 0) links.push(link(Math.max(0, skip - limit), 'prev'));
  return links.length > 0 ? links.join(', ') : undefined;
}

/** Offsets beyond this are refused (422): PostgreSQL's OFFSET is a bigint, JavaScript numbers are not. */
export const MAX_SKIP = 2_147_483_647;

interface PagedResponse {
  setHeader(name: string, value: string): unknown;
}

/** `X-Total-Count` and, when there are other pages, `Link`: what every paginated list answers with. */
export function setPaginationHeaders(
  response: PagedResponse,
  originalUrl: string,
  page: { skip: number; limit: number; total: number },
): void {
  response.setHeader('X-Total-Count', String(page.total));
  const links = paginationLinks(originalUrl, page.skip, page.limit, page.total);
  if (links) response.setHeader('Link', links);
}
