// The chart functions as one browser bundle, for test/web/charts.test.ts to draw in Chromium.
export { conversionChart } from '../../web/src/charts/conversion-chart.ts';
export { funnelChart } from '../../web/src/charts/funnel-chart.ts';
export { winRateChart } from '../../web/src/charts/win-rate-chart.ts';
