import { useId } from 'react';

export interface Series {
  name: string;
  /** One value per label; null where there is no figure (no claims that day). */
  values: (number | null)[];
}

/**
 * A small line chart drawn as inline SVG (no chart library), with a title and description for screen readers and the
 * same figures as a table underneath, so nothing depends on seeing the lines.
 */
export function TrendChart(props: {
  title: string;
  description: string;
  labels: string[];
  series: Series[];
  format: (v: number) => string;
  reference?: { value: number; label: string } | undefined;
  asOf: string;
}) {
  const id = useId();
  const W = 640;
  const H = 200;
  const pad = { l: 56, r: 12, t: 12, b: 28 };
  const all = props.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (props.reference) all.push(props.reference.value);
  const max = Math.max(1, ...all) * 1.1;
  const n = props.labels.length;
  const x = (i: number) => pad.l + (n <= 1 ? (W - pad.l - pad.r) / 2 : (i * (W - pad.l - pad.r)) / (n - 1));
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const paths = props.series.map((s) => {
    let d = '';
    s.values.forEach((v, i) => {
      if (v === null) return;
      d += `${d && s.values[i - 1] !== null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
    });
    return d.trim();
  });
  return (
    <figure className="audit-chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        <strong>{props.title}</strong>
        <span className="audit-asof">{props.asOf}</span>
      </figcaption>
      {n === 0 ? (
        <p>No claims in this range.</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="audit-svg">
          <title id={`${id}-t`}>{props.title}</title>
          <desc id={`${id}-d`}>{props.description}</desc>
          <line x1={pad.l} y1={H - pad.b} x2={W - pad.r} y2={H - pad.b} className="axis" />
          <line x1={pad.l} y1={pad.t} x2={pad.l} y2={H - pad.b} className="axis" />
          <text x={pad.l - 6} y={y(0) + 4} textAnchor="end" className="tick">
            {props.format(0)}
          </text>
          <text x={pad.l - 6} y={pad.t + 8} textAnchor="end" className="tick">
            {props.format(max / 1.1)}
          </text>
          <text x={x(0)} y={H - 8} textAnchor="start" className="tick">
            {props.labels[0]}
          </text>
          {n > 1 && (
            <text x={x(n - 1)} y={H - 8} textAnchor="end" className="tick">
              {props.labels[n - 1]}
            </text>
          )}
          {props.reference && (
            <g className="reference">
              <line x1={pad.l} x2={W - pad.r} y1={y(props.reference.value)} y2={y(props.reference.value)} />
              <text x={W - pad.r} y={y(props.reference.value) - 4} textAnchor="end" className="tick">
                {props.reference.label}
              </text>
            </g>
          )}
          {paths.map((d, i) => (
            <g key={props.series[i]!.name} className={`series series-${i}`}>
              <path d={d} />
              {props.series[i]!.values.map((v, j) => (v === null ? null : <circle key={j} cx={x(j)} cy={y(v)} r={n > 60 ? 1.5 : 3} />))}
            </g>
          ))}
        </svg>
      )}
      {props.series.length > 1 && (
        <ul className="audit-legend" aria-hidden="true">
          {props.series.map((s, i) => (
            <li key={s.name} className={`legend-${i}`}>
              {s.name}
            </li>
          ))}
          {props.reference && <li className="legend-ref">{props.reference.label}</li>}
        </ul>
      )}
      <details>
        <summary>Show the figures as a table</summary>
        <table className="audit-table">
          <caption className="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {props.series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.labels.map((l, i) => (
              <tr key={l}>
                <th scope="row">{l}</th>
                {props.series.map((s) => (
                  <td key={s.name}>{s.values[i] === null ? '—' : props.format(s.values[i]!)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
