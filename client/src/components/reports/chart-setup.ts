import { BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartOptions } from 'chart.js';
import { computed, type ComputedRef } from 'vue';
import { useThemeStore } from '../../stores/theme';

/*
 * Only what the Reports charts draw: bars on a category and a linear axis, with tooltip and
 * legend. Registered once; vue-chartjs's Bar registers its own BarController. Everything else
 * in Chart.js stays out of the bundle.
 */
Chart.register(BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface ChartColours {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  answered: string;
  missed: string;
  warn: string;
  font: string;
}

function cssVariable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/**
 * The theme's colours for canvas drawing (a canvas cannot read CSS variables itself), read
 * again whenever the theme changes so a chart follows dark and light like the rest of the page.
 */
export function useChartColours(): ComputedRef<ChartColours> {
  const theme = useThemeStore();
  return computed(() => {
    void theme.theme; // recomputed on every theme switch; the values come from the stylesheet
    const style = getComputedStyle(document.documentElement);
    return {
      text: cssVariable(style, '--text', '#1b1f24'),
      muted: cssVariable(style, '--text-muted', '#5a6472'),
      grid: cssVariable(style, '--border', '#d5d9e0'),
      surface: cssVariable(style, '--surface', '#ffffff'),
      answered: cssVariable(style, '--accent', '#1f5fbf'),
      missed: cssVariable(style, '--danger', '#b3261e'),
      warn: cssVariable(style, '--warn', '#8a5a00'),
      font: cssVariable(style, '--font', 'system-ui'),
    };
  });
}

/** Axes, legend and tooltip in the theme's colours; the charts add their own scales' details. */
export function baseBarOptions(colours: ChartColours, options: { stacked?: boolean; percent?: boolean; horizontal?: boolean } = {}): ChartOptions<'bar'> {
  const valueAxis = {
    beginAtZero: true,
    stacked: options.stacked ?? false,
    ...(options.percent ? { max: 100 } : {}),
    ticks: { color: colours.muted, precision: 0, ...(options.percent ? { callback: (value: string | number) => `${value} %` } : {}) },
    grid: { color: colours.grid },
    border: { color: colours.grid },
  };
  const categoryAxis = {
    stacked: options.stacked ?? false,
    ticks: { color: colours.muted, autoSkip: true, maxRotation: 0 },
    grid: { display: false },
    border: { color: colours.grid },
  };
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    indexAxis: options.horizontal ? 'y' : 'x',
    font: { family: colours.font },
    scales: options.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    plugins: {
      legend: { labels: { color: colours.text, boxWidth: 12, boxHeight: 12 } },
      tooltip: { backgroundColor: colours.surface, titleColor: colours.text, bodyColor: colours.text, borderColor: colours.grid, borderWidth: 1 },
    },
  };
}
