// The forecast chart functions as one browser bundle, for test/web/forecast-charts.test.ts to draw in Chromium.
export { forecastCategoriesChart } from '../../web/src/charts/forecast-categories-chart.ts';
export { forecastTrendChart } from '../../web/src/charts/forecast-trend-chart.ts';
