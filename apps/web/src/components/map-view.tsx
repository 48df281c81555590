import {
  type ExpressionSpecification,
  Map as MapLibreMap,
  NavigationControl,
  prewarm,
  setWorkerUrl,
  type StyleSpecification,
  type VectorTileSource,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { useEffect, useRef } from 'preact/hooks';
import type { Api } from '../api';
import { UNSURVEYED_COLOUR } from '../bands';
import { t } from '../i18n';
import type { LineString, MapConfig } from '../types';

// MapLibre finds its worker beside its own file; bundled, the worker is a file of its own. Started
// at once (prewarm): fetching and starting it is otherwise the map's first wait.
setWorkerUrl(workerUrl);
prewarm();

const SOURCE = 'segmentos';
const TILE_PATH = '/api/v1/tiles/segmentos/{z}/{x}/{y}.mvt';
/** Tiles past this zoom are the zoom-16 ones, overzoomed: every segment is already in them. */
const MAX_TILE_ZOOM = 16;
const BLANK_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'fondo', type: 'background', paint: { 'background-color': '#f3f1ec' } }],
};

export interface MapViewProps {
  api: Api;
  config: MapConfig;
  /** The shared filter, as a query string for the tiles. */
  filterQuery: string;
  colours: Record<string, string>;
  selectedId: number | null;
  /** Bumped after a write or a live event: the tiles are fetched again. */
  revision: number;
  drawing: boolean;
  onSelect: (id: number) => void;
  onDrawn: (line: LineString) => void;
  onReady?: () => void;
}

/** MapLibre on RecWay's vector tiles, coloured by band; draws new lines with Terra Draw when asked. */
export function MapView(props: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    let disposed = false;
    void createMap(container.current as HTMLDivElement, latest).then((created) => {
      if (disposed) return created.remove();
      map.current = created;
    });
    return () => {
      disposed = true;
      map.current?.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const source = map.current?.getSource<VectorTileSource>(SOURCE);
    source?.setTiles([tileUrl(props.filterQuery)]);
  }, [props.filterQuery, props.revision]);

  useEffect(() => {
    if (map.current?.getLayer('lineas')) paintLayers(map.current, props.colours, props.selectedId);
  }, [props.colours, props.selectedId]);

  useEffect(() => {
    if (!props.drawing || !map.current) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    void import('../draw-line').then(({ drawLine }) => {
      if (cancelled || !map.current) return;
      stop = drawLine(map.current, (line) => latest.current.onDrawn(line));
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [props.drawing]);

  return <div ref={container} class="map" data-testid="map" role="region" aria-label={t('map')} />;
}

function tileUrl(filterQuery: string): string {
  return `${location.origin}${TILE_PATH}${filterQuery ? `?${filterQuery}` : ''}`;
}

async function createMap(element: HTMLDivElement, props: { current: MapViewProps }): Promise<MapLibreMap> {
  const { api, config } = props.current;
  const [style, tileJson] = await Promise.all([
    basemapStyle(config.estilo_url),
    api.get<{ bounds: [number, number, number, number] }>(config.tilejson_url.replace(/^\/api\/v1/, '')),
  ]);
  const map = new MapLibreMap({
    container: element,
    style,
    bounds: tileJson.bounds,
    fitBoundsOptions: { padding: 40, maxZoom: 15 },
    attributionControl: { compact: true },
    // The view lives in the URL (#zoom/lat/lon): a link shows the same place.
    hash: true,
    // Tiles need the token; they are revalidated (ETag → 304) so a change made elsewhere shows at once.
    transformRequest: (url) =>
      url.startsWith(`${location.origin}/api/`)
        ? { url, headers: { Authorization: `Bearer ${api.accessToken ?? ''}` }, cache: 'no-cache' }
        : { url },
  });
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.on('load', () => {
    addSegmentLayers(map, props.current.filterQuery);
    paintLayers(map, props.current.colours, props.current.selectedId);
    props.current.onReady?.();
  });
  // data-idle: everything in view is drawn (what tests and timings wait for).
  map.on('dataloading', () => (element.dataset.idle = 'false'));
  map.on('idle', () => (element.dataset.idle = 'true'));
  // The first screen is interactive: the timing tests and real-user monitoring read this mark.
  map.once('idle', () => performance.mark('recway:first-screen'));
  map.on('click', (event) => {
    if (props.current.drawing) return;
    const [feature] = map.queryRenderedFeatures(event.point, { layers: ['lineas', 'lineas-sin', 'puntos'] });
    if (feature?.id !== undefined) props.current.onSelect(Number(feature.id));
  });
  for (const layer of ['lineas', 'lineas-sin', 'puntos']) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
  return map;
}

/** The configured basemap, or a plain background when there is none or it cannot be loaded (offline). */
async function basemapStyle(url: string | null): Promise<StyleSpecification> {
  if (!url) return BLANK_STYLE;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    if (response.ok) return (await response.json()) as StyleSpecification;
  } catch {
    // Fall through: the segments matter more than the basemap.
  }
  return BLANK_STYLE;
}

function addSegmentLayers(map: MapLibreMap, filterQuery: string): void {
  map.addSource(SOURCE, { type: 'vector', tiles: [tileUrl(filterQuery)], minzoom: 0, maxzoom: MAX_TILE_ZOOM });
  const lines: ExpressionSpecification = ['==', ['geometry-type'], 'LineString'];
  const surveyed: ExpressionSpecification = ['has', 'banda'];
  map.addLayer({
    id: 'lineas-sin',
    type: 'line',
    source: SOURCE,
    'source-layer': SOURCE,
    filter: ['all', lines, ['!', surveyed]],
    layout: { 'line-cap': 'butt' },
    paint: { 'line-color': UNSURVEYED_COLOUR, 'line-width': 3, 'line-dasharray': [2, 1.5] },
  });
  map.addLayer({
    id: 'lineas',
    type: 'line',
    source: SOURCE,
    'source-layer': SOURCE,
    filter: ['all', lines, surveyed],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2, 16, 6] },
  });
  map.addLayer({
    id: 'puntos',
    type: 'circle',
    source: SOURCE,
    'source-layer': SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 5, 'circle-stroke-width': 1, 'circle-stroke-color': '#333' },
  });
  map.addLayer({
    id: 'seleccion',
    type: 'line',
    source: SOURCE,
    'source-layer': SOURCE,
    paint: { 'line-color': '#000', 'line-width': 9, 'line-opacity': 0.35 },
  });
}

function paintLayers(map: MapLibreMap, colours: Record<string, string>, selectedId: number | null): void {
  const pairs = Object.entries(colours).flat();
  const colour = (
    pairs.length ? ['match', ['get', 'banda'], ...pairs, UNSURVEYED_COLOUR] : ['literal', UNSURVEYED_COLOUR]
  ) as ExpressionSpecification;
  map.setPaintProperty('lineas', 'line-color', colour);
  map.setPaintProperty('puntos', 'circle-color', colour);
  map.setFilter('seleccion', ['==', ['id'], selectedId ?? -1]);
}
