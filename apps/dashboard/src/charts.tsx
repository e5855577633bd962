import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { useEffect, useRef } from "preact/hooks";

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.font.family = "system-ui, sans-serif";
Chart.defaults.color = "#333333";
Chart.defaults.animation = false;

export interface Series {
  label: string;
  values: (number | null)[];
  colours?: string[];
  colour?: string;
}

/**
 * A chart of conversion rates (0 to 1, shown in percent) with its data as a table beside it, so
 * that a screen reader and a keyboard user get the same figures as the eye.
 */
export function RateChart(props: {
  title: string;
  kind: "bar" | "line";
  labels: string[];
  series: Series[];
  counts?: string[];
  empty?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current || props.labels.length === 0) return;
    const config: ChartConfiguration = {
      type: props.kind,
      data: {
        labels: props.labels,
        datasets: props.series.map((s) => ({
          label: s.label,
          data: s.values.map((v) => (v === null ? null : v * 100)),
          backgroundColor: s.colours ?? s.colour ?? "#b0306a",
          borderColor: s.colour ?? "#5a1a38",
          borderWidth: props.kind === "bar" ? 1 : 2,
          spanGaps: true,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: "conversion %" } } },
        plugins: { legend: { display: props.series.length > 1 } },
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [props.labels.join("|"), JSON.stringify(props.series)]);

  const id = props.title.toLowerCase().replace(/[^a-z]+/g, "-");
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{props.title}</figcaption>
      {props.labels.length === 0 ? (
        <p class="notice">{props.empty ?? "No recommendations in this window."}</p>
      ) : (
        <>
          <div class="canvas">
            <canvas ref={canvas} role="img" aria-label={`${props.title}: chart; the figures are in the table below`} />
          </div>
          <details>
            <summary>Figures of “{props.title}”</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col"></th>
                  {props.series.map((s) => (
                    <th scope="col" key={s.label}>{s.label}</th>
                  ))}
                  {props.counts && <th scope="col">recommendations</th>}
                </tr>
              </thead>
              <tbody>
                {props.labels.map((label, i) => (
                  <tr key={label}>
                    <th scope="row">{label}</th>
                    {props.series.map((s) => (
                      <td key={s.label}>{s.values[i] === null ? "–" : `${(s.values[i]! * 100).toFixed(1)} %`}</td>
                    ))}
                    {props.counts && <td>{props.counts[i]}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
