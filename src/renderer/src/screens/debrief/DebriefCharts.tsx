import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { AttemptScore } from '../../../../sim/scoring/score.ts';
import type { SimEvent } from '../../../../sim/simulation.ts';
import { axisTick, chartColours, tooltipStyle } from '../../charts/chartTheme.ts';
import { beamSeries, injectionBars, wallForceSeries } from '../../charts/debriefData.ts';
import { formatTime } from '../../fluoro/formatTime.ts';

const heightPx = 180;
const margin = { top: 8, right: 16, bottom: 8, left: 8 };

/**
 * The attempt over time: the wall force the devices put on the vessels (against the case's
 * limit), when the beam was on (fluoroscopy and acquisitions), and each injection's volume.
 */
export function DebriefCharts({
  score,
  events,
  durationS,
}: {
  score: AttemptScore;
  events: readonly SimEvent[];
  durationS: number;
}) {
  const force = wallForceSeries(score);
  const beam = beamSeries(events, durationS);
  const injections = injectionBars(events);
  const peak = force.reduce((max, point) => Math.max(max, point.forceN), 0);
  const limit = score.traces?.wallForceLimitN;
  const timeAxis = (
    <XAxis
      dataKey="timeS"
      type="number"
      domain={[0, Math.max(durationS, 1)]}
      tick={axisTick}
      stroke={chartColours.grid}
      tickFormatter={(value: number) => formatTime(value)}
    />
  );
  return (
    <section aria-labelledby="plots-title" className="debrief-charts">
      <h2 id="plots-title">Over time</h2>
      <figure className="chart" data-testid="force-chart">
        {force.length === 0 ? (
          <p className="empty">This attempt was stored before wall-force traces were recorded.</p>
        ) : (
          <ResponsiveContainer width="100%" height={heightPx}>
            <LineChart data={force} margin={margin}>
              <CartesianGrid stroke={chartColours.grid} strokeDasharray="3 3" />
              {timeAxis}
              <YAxis
                tick={axisTick}
                stroke={chartColours.grid}
                width={48}
                unit=" N"
                domain={[0, (dataMax: number) => Math.max(dataMax * 1.1, (limit ?? 0) * 1.5)]}
              />
              <Tooltip
                {...tooltipStyle}
                labelFormatter={(value) => formatTime(Number(value))}
                formatter={(value) => [`${Number(value).toFixed(3)} N`, 'Wall force']}
              />
              {limit !== undefined && (
                <ReferenceLine
                  y={limit}
                  stroke={chartColours.fail}
                  strokeDasharray="6 4"
                  label={{ value: 'limit', fill: chartColours.fail, position: 'insideTopRight' }}
                />
              )}
              <Line type="monotone" dataKey="forceN" stroke={chartColours.line} dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        )}
        <figcaption>
          Wall force, the largest on any node in each half second: peak {peak.toFixed(2)} N
          {limit !== undefined && ` (limit ${limit} N)`}.
        </figcaption>
      </figure>
      <figure className="chart" data-testid="beam-chart">
        <ResponsiveContainer width="100%" height={120}>
          <AreaChart data={beam} margin={margin}>
            <CartesianGrid stroke={chartColours.grid} strokeDasharray="3 3" />
            {timeAxis}
            <YAxis tick={false} stroke={chartColours.grid} width={48} domain={[0, 1]} />
            <Area
              type="stepAfter"
              dataKey="fluoroscopy"
              name="Fluoroscopy"
              stroke={chartColours.line}
              fill={chartColours.line}
              fillOpacity={0.4}
              isAnimationActive={false}
            />
            <Area
              type="stepAfter"
              dataKey="acquisition"
              name="Acquisition"
              stroke={chartColours.fail}
              fill={chartColours.fail}
              fillOpacity={0.5}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
        <figcaption>
          Beam on: fluoroscopy (blue) and acquisition runs (red), {formatTime(score.metrics.fluoroscopyTimeS)} of
          fluoroscopy and {score.metrics.acquisitionRuns} runs in all.
        </figcaption>
      </figure>
      <figure className="chart" data-testid="injection-chart">
        {injections.length === 0 ? (
          <p className="empty">No contrast was injected.</p>
        ) : (
          <ResponsiveContainer width="100%" height={heightPx}>
            <BarChart data={injections} margin={margin}>
              <CartesianGrid stroke={chartColours.grid} strokeDasharray="3 3" />
              <XAxis dataKey="label" tick={axisTick} stroke={chartColours.grid} />
              <YAxis tick={axisTick} stroke={chartColours.grid} width={48} unit=" mL" />
              <Tooltip
                {...tooltipStyle}
                formatter={(value, _name, item) => [
                  `${Number(value)} mL at ${(item.payload as { rateMlPerS: number }).rateMlPerS} mL/s into the ${(item.payload as { vessel: string }).vessel}`,
                  'Injection',
                ]}
              />
              <Bar dataKey="volumeMl" isAnimationActive={false}>
                {injections.map((bar) => (
                  <Cell key={bar.label} fill={bar.particles ? chartColours.pass : chartColours.line} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        )}
        <figcaption>
          Contrast by injection: {injections.length} injections, {score.metrics.contrastMl.toFixed(1)} mL in all
          {injections.some((bar) => bar.particles) && ' (green: with particles)'}.
        </figcaption>
      </figure>
    </section>
  );
}
