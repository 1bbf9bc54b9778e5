import { useEffect, useMemo, useRef } from 'react';
import { buildAtlas } from '../../../../sim/anatomy/atlas/index.ts';
import type { Scenario } from '../../../../sim/scenario/scenario.ts';
import { caseSchematic, type Schematic } from './caseSchematic.ts';

const sizePx = 420;
const colours = { other: '#5d6875', target: '#4fb3d9', protect: '#7ee2a8', clot: '#ff7b72', bleed: '#ffb454' };

/**
 * The case's arteries as a frontal projection, framed on the targets and pathology, for the
 * briefing (the CTA a team would look at before scrubbing in). Drawn on a 2D canvas.
 */
export function CaseSchematic({ scenario }: { scenario: Scenario }) {
  const schematic = useMemo(() => caseSchematic(scenario, buildAtlas(scenario.anatomy, scenario.atlas)), [scenario]);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (context) draw(context, schematic);
  }, [schematic]);
  const targets = schematic.vessels.filter((vessel) => vessel.role === 'target').length;
  const protectedCount = schematic.vessels.filter((vessel) => vessel.role === 'protect').length;
  return (
    <figure className="case-schematic" data-testid="case-schematic">
      <canvas ref={canvas} width={sizePx} height={sizePx} aria-label="The case's arteries, frontal view" />
      <figcaption>
        Frontal view of the arteries (patient&apos;s right on the left): {targets} target vessel
        {targets === 1 ? '' : 's'} in blue
        {protectedCount > 0 && `, ${protectedCount} to protect in green`}
        {schematic.marks.length > 0 && '; '}
        {schematic.marks.map((mark) => mark.label).join('; ')}.
      </figcaption>
    </figure>
  );
}

function draw(context: CanvasRenderingContext2D, schematic: Schematic): void {
  const [left, top, size] = schematic.frame;
  const scale = sizePx / size;
  context.fillStyle = '#0b0e12';
  context.fillRect(0, 0, sizePx, sizePx);
  context.lineCap = 'round';
  context.lineJoin = 'round';
  // Others first, then what the case is about on top.
  for (const role of ['other', 'protect', 'target'] as const) {
    for (const vessel of schematic.vessels) {
      if (vessel.role !== role) continue;
      context.strokeStyle = colours[role];
      context.lineWidth = Math.max(1, 2 * vessel.radiusMm * scale);
      context.beginPath();
      vessel.xs.forEach((x, i) => {
        const px = (x - left) * scale;
        const py = (vessel.ys[i]! - top) * scale;
        if (i === 0) context.moveTo(px, py);
        else context.lineTo(px, py);
      });
      context.stroke();
    }
  }
  for (const mark of schematic.marks) {
    const px = (mark.x - left) * scale;
    const py = (mark.y - top) * scale;
    context.strokeStyle = colours[mark.kind];
    context.lineWidth = 3;
    context.beginPath();
    if (mark.kind === 'clot') {
      context.moveTo(px - 9, py - 9);
      context.lineTo(px + 9, py + 9);
      context.moveTo(px + 9, py - 9);
      context.lineTo(px - 9, py + 9);
    } else {
      context.arc(px, py, 9, 0, 2 * Math.PI);
    }
    context.stroke();
  }
}
