import { createEffect, createSignal, onCleanup, onMount } from 'solid-js';

// Charts grow with the page up to this width; beyond it lines get too long to read.
const MAX_CHART_WIDTH = 1040;

/**
 * Mounts a chart function's output, drawn at the width the figure has on the page, and replaces
 * the previous plot whenever the figures or the width change.
 */
export function PlotFigure(props: { chart: (width: number) => Element; testId: string; label: string }) {
  let container!: HTMLDivElement;
  const [width, setWidth] = createSignal(0);

  onMount(() => {
    const observer = new ResizeObserver((entries) => {
      const measured = Math.floor(entries[0]?.contentRect.width ?? 0);
      setWidth(Math.min(measured, MAX_CHART_WIDTH));
    });
    observer.observe(container);
    onCleanup(() => observer.disconnect());
  });

  createEffect(() => {
    // A hidden container measures 0: draw once it has room.
    if (width() < 50) return;
    container.replaceChildren(props.chart(width()));
  });
  onCleanup(() => container.replaceChildren());

  return <div class="plot-figure" ref={container} role="figure" aria-label={props.label} data-testid={props.testId} />;
}
