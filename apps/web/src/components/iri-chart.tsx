import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';

export interface ChartSeries {
  /** x values: seconds since 1970 (dates) or metres along the segment. */
  x: number[];
  y: number[];
  label: string;
  time: boolean;
  colour?: string;
}

/**
 * A line chart of IRI (uPlot, loaded with the first chart). The same numbers are in the table
 * beside it, for screen readers and keyboard users.
 */
export function IriChart({ series, title }: { series: ChartSeries; title: string }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let chart: uPlot | undefined;
    let cancelled = false;
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: UPlot }]) => {
      const element = container.current;
      if (cancelled || !element) return;
      chart = new UPlot(
        {
          width: Math.max(240, element.clientWidth),
          height: 180,
          scales: { x: { time: series.time } },
          axes: [{}, { label: 'IRI m/km' }],
          series: [
            {},
            {
              label: series.label,
              stroke: series.colour ?? '#0072B2',
              width: 2,
              points: { show: series.x.length < 60 },
            },
          ],
        },
        [series.x, series.y],
        element,
      );
      resize.observe(element);
    });
    // The panel changes width with the window (a phone turned, the one-column layout): follow it.
    const resize = new ResizeObserver(([entry]) =>
      chart?.setSize({ width: Math.max(240, entry.contentRect.width), height: 180 }),
    );
    return () => {
      cancelled = true;
      resize.disconnect();
      chart?.destroy();
    };
  }, [series]);

  return (
    <figure class="chart" data-testid="iri-chart" data-points={series.x.length}>
      <figcaption>{title}</figcaption>
      <div ref={container} role="img" aria-label={title} />
    </figure>
  );
}
