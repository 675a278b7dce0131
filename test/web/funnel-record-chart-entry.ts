// The segment and record-timeline chart functions as one browser bundle, for test/web/funnel-record-charts.test.ts.
export { segmentChart } from '../../web/src/charts/segment-chart.ts';
export { amountTimelineChart, stateTimelineChart } from '../../web/src/charts/record-timeline-chart.ts';
