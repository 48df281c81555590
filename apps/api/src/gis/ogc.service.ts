import { Injectable, NotFoundException } from '@nestjs/common';
import { SurveysService } from '../condition/surveys.service';
import { SegmentsService } from '../segments/segments.service';
import { CRS84, OgcItemsQueryDto } from './dto/ogc-items-query.dto';
import { GEOJSON, JSON_TYPE, OgcFeature, OgcLink, toOgcFeature } from './ogc.mapper';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
];
const COLLECTION = 'segmentos';

/** The OGC API – Features resources, built on the Segments and Condition services. `base` is absolute. */
@Injectable()
export class OgcService {
  constructor(
    private readonly segments: SegmentsService,
    private readonly surveys: SurveysService,
  ) {}

  landing(base: string, origin: string) {
    return {
      title: 'RecWay',
      description: 'Road segments and their condition, as OGC API – Features',
      links: [
        { href: base, rel: 'self', type: JSON_TYPE, title: 'This document' },
        {
          href: `${origin}/docs-json`,
          rel: 'service-desc',
          type: 'application/vnd.oai.openapi+json;version=3.0',
          title: 'The API definition',
        },
        { href: `${origin}/docs`, rel: 'service-doc', type: 'text/html', title: 'The API documentation' },
        { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes' },
        { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'Collections' },
      ],
    };
  }

  conformance() {
    return { conformsTo: CONFORMANCE };
  }

  async collections(base: string) {
    return {
      links: [{ href: `${base}/collections`, rel: 'self', type: JSON_TYPE }],
      collections: [await this.collection(base)],
    };
  }

  async collection(base: string) {
    const [bbox, dates] = await Promise.all([this.segments.extent(), this.surveys.dateRange()]);
    const self = `${base}/collections/${COLLECTION}`;
    return {
      id: COLLECTION,
      title: 'Segmentos',
      description: 'Road segments (lines, or points) with their latest condition survey',
      itemType: 'feature',
      crs: [CRS84],
      extent: {
        spatial: { bbox: [bbox ?? [-180, -90, 180, 90]], crs: CRS84 },
        temporal: {
          interval: [dates ? [`${dates[0]}T00:00:00Z`, `${dates[1]}T23:59:59Z`] : [null, null]],
          trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
        },
      },
      links: [
        { href: self, rel: 'self', type: JSON_TYPE },
        { href: `${self}/items`, rel: 'items', type: GEOJSON, title: 'The segments' },
      ],
    };
  }

  /** One page; `next`/`prev` carry every other parameter of `requestUrl` and move `offset`. */
  async items(query: OgcItemsQueryDto, requestUrl: URL) {
    const { items, total } = await this.segments.findForFeatures({
      skip: query.offset,
      limit: query.limit,
      bbox: query.bbox,
      banda: query.banda,
      q: query.q,
      fecha_inspeccion: query.datetime,
    });
    const links: OgcLink[] = [{ href: requestUrl.href, rel: 'self', type: GEOJSON }];
    const at = (offset: number) => {
      const url = new URL(requestUrl.href);
      url.searchParams.set('offset', String(offset));
      url.searchParams.set('limit', String(query.limit));
      return url.href;
    };
    if (query.offset + items.length < total)
      links.push({ href: at(query.offset + query.limit), rel: 'next', type: GEOJSON });
    if (query.offset > 0) links.push({ href: at(Math.max(0, query.offset - query.limit)), rel: 'prev', type: GEOJSON });
    return {
      type: 'FeatureCollection',
      features: items.map(toOgcFeature),
      numberMatched: total,
      numberReturned: items.length,
      timeStamp: new Date().toISOString(),
      links,
    };
  }

  async item(id: number, base: string): Promise<OgcFeature> {
    let feature: OgcFeature;
    try {
      feature = toOgcFeature((await this.segments.findOne(id)).segment);
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException(`Feature ${id} not found in ${COLLECTION}`);
      throw error;
    }
    const collection = `${base}/collections/${COLLECTION}`;
    return {
      ...feature,
      links: [
        { href: `${collection}/items/${id}`, rel: 'self', type: GEOJSON },
        { href: collection, rel: 'collection', type: JSON_TYPE },
      ],
    };
  }
}
