import type { Map as MapLibreMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawLineStringMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { LineString } from './types';

/**
 * Lets an editor draw one line on the map (Terra Draw: click to add points, Enter or a click on the
 * last point to finish). Loaded only when someone draws. Returns how to stop.
 */
export function drawLine(map: MapLibreMap, onDrawn: (line: LineString) => void): () => void {
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map }),
    modes: [new TerraDrawLineStringMode()],
  });
  draw.start();
  draw.setMode('linestring');
  draw.on('finish', (id) => {
    const feature = draw.getSnapshotFeature(id);
    if (feature?.geometry.type === 'LineString') {
      onDrawn({ type: 'LineString', coordinates: feature.geometry.coordinates.map(([lon, lat]) => [lon, lat]) });
    }
    draw.clear();
  });
  return () => draw.stop();
}
