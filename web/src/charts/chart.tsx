import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'preact/hooks';

type ChartInstance = ReturnType<typeof import('./echarts-setup.js').init>;

/**
 * A chart drawn by ECharts into a canvas. The canvas is an image to assistive technology, named by `label`; the
 * numbers it draws are in a table beside it (WCAG 1.1.1), so nothing is said by the picture alone.
 */
export function Chart(props: { option: EChartsCoreOption; label: string; testId?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartInstance | undefined>(undefined);
  const [failed, setFailed] = useState<string | undefined>(undefined);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import('./echarts-setup.js').then(
      ({ init }) => {
        if (disposed || host.current === null) return;
        chart.current = init(host.current, undefined, { renderer: 'canvas' });
        chart.current.setOption(props.option);
        host.current.dataset.rendered = 'true';
        observer = new ResizeObserver(() => chart.current?.resize());
        observer.observe(host.current);
      },
      (error: unknown) => setFailed(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(props.option, { notMerge: true });
  }, [props.option]);

  if (failed !== undefined) return <p role="alert">{failed}</p>;
  return <div ref={host} class="chart" role="img" aria-label={props.label} data-testid={props.testId} />;
}
