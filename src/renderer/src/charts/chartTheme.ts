/**
 * Colours the charts draw with. SVG presentation attributes take literal colours, so the dark UI's
 * palette is repeated here rather than read from CSS variables.
 */
export const chartColours = {
  line: '#5eb8ff',
  pass: '#3fb950',
  fail: '#f85149',
  grid: '#30363d',
  text: '#8b949e',
  /** Fill of a hollow dot (an attempt whose score was not verified): the page background. */
  background: '#0e1116',
  tooltipBackground: '#161b22',
} as const;

export const axisTick = { fill: chartColours.text, fontSize: 12 } as const;

/** A rotated axis title centred on its axis, small enough for "Kerma-area product (Gy·cm²)". */
export const axisLabelStyle = { textAnchor: 'middle', fontSize: 12 } as const;

export const tooltipStyle = {
  contentStyle: {
    background: chartColours.tooltipBackground,
    border: `1px solid ${chartColours.grid}`,
    borderRadius: 4,
  },
  labelStyle: { color: '#e6eaf0' },
  itemStyle: { color: '#e6eaf0' },
} as const;

export const defaultChartHeightPx = 220;
