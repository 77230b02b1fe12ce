/**
 * The report's one stylesheet, inline: a light theme in the manner of a monitoring summary,
 * two columns of panels on a desktop, one on a phone (where the narrow variant of each chart
 * replaces the wide one), and on paper white panels without shadows that do not break across
 * pages. System fonts only: the file fetches nothing.
 */
export const REPORT_CSS = `
:root{--bg:#f4f5f7;--panel:#fff;--text:#1d2433;--muted:#5f6b7a;--faint:#8a94a3;--line:#e3e6eb;--grid:#eef0f3;
--blue:#2f6fed;--blue-soft:#dbe6fd;--violet:#8b5cf6;--orange:#e8590c;--green:#1a7f45;--green-soft:#e3f4ea;
--red:#c92a2a;--red-soft:#fdecec;--amber:#9a6700;--amber-soft:#fff5d6;--grey-soft:#eceff3}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif}
main{max-width:1240px;margin:0 auto;padding:28px 24px 40px}
h1{font-size:22px;line-height:1.3;margin:0;font-weight:650;overflow-wrap:anywhere}
h2{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 12px;font-weight:650}
p{margin:0}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.muted{color:var(--muted)}
.header{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start;justify-content:space-between;margin-bottom:20px}
.header .eyebrow{font-size:12px;font-weight:650;letter-spacing:.08em;text-transform:uppercase;color:var(--blue);margin-bottom:4px}
.header .meta{display:flex;flex-wrap:wrap;gap:4px 16px;color:var(--muted);margin-top:6px;font-size:13px}
.verdict{display:inline-flex;flex-direction:column;align-items:flex-end;gap:4px}
.pill{display:inline-block;border-radius:999px;padding:5px 16px;font-weight:700;font-size:15px;letter-spacing:.04em;text-transform:uppercase;white-space:nowrap}
.pill.passed{background:var(--green-soft);color:var(--green)}
.pill.failed{background:var(--red-soft);color:var(--red)}
.pill.neutral{background:var(--grey-soft);color:var(--muted)}
.pill.small{font-size:11px;padding:2px 8px}
.banner{border-radius:8px;padding:10px 14px;margin-bottom:16px;background:var(--amber-soft);color:var(--amber);border:1px solid #f0dca0}
.kpis{display:grid;grid-template-columns:repeat(6,minmax(0,1fr));gap:12px;margin-bottom:16px}
.kpi{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:12px 14px;min-width:0}
.kpi .label{font-size:12px;color:var(--muted);font-weight:600}
.kpi .value{font-size:24px;font-weight:650;line-height:1.25;margin-top:2px;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.kpi .sub{font-size:12px;color:var(--faint);font-variant-numeric:tabular-nums}
.kpi.bad .value{color:var(--red)}
.kpi.good .value{color:var(--green)}
.grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px;margin-bottom:16px}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:16px 18px;min-width:0;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.panel.wide{grid-column:1/-1}
.panel .hint{font-size:12.5px;color:var(--muted);margin:-6px 0 10px}
.chart svg{display:block;width:100%;height:auto}
.chart .chart-narrow{display:none}
.chart text{font-size:11px;fill:var(--muted)}
.chart .axis-title{font-size:10.5px;fill:var(--faint)}
.chart .grid{stroke:var(--grid);stroke-width:1}
.chart .axis{stroke:#c5cad3;stroke-width:1}
.chart .bar{fill:var(--blue);opacity:.85}
.chart .bar.failed{fill:var(--red)}
.chart .marker{stroke-width:1.5;stroke-dasharray:4 3}
.chart .marker-label{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.chart .marker.p50{stroke:#1d3f8f}.chart .marker-label.p50{fill:#1d3f8f;font-weight:600}
.chart .marker.p95{stroke:var(--orange)}.chart .marker-label.p95{fill:var(--orange);font-weight:600}
.chart .dots.total circle{fill:var(--blue);fill-opacity:.45}
.chart .dots.ttft circle{fill:var(--violet);fill-opacity:.4}
.chart .crosses{stroke:var(--red);stroke-width:1.4;fill:none}
.chart .line{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
.chart .line.p50{stroke:#1d3f8f}.chart .line.p95{stroke:var(--orange)}
.chart .line.p99{stroke:var(--violet);stroke-dasharray:4 3}.chart .line.total{stroke:var(--blue)}
.chart .line.failed{stroke:var(--red)}.chart .line.attainment{stroke:var(--green)}
.chart .line.diagonal{stroke:var(--faint);stroke-width:1.2;stroke-dasharray:4 3}
.chart .dots.p50 circle{fill:#1d3f8f}.chart .dots.p95 circle{fill:var(--orange)}.chart .dots.p99 circle{fill:var(--violet)}
.chart .dots.failed circle{fill:var(--red)}.chart .dots.attainment circle{fill:var(--green)}
.chart .whisker{fill:none;stroke-width:1.2}.chart .whisker.attainment{stroke:var(--green)}
.chart .knee-band{fill:var(--blue-soft);opacity:.8}
.chart .knee{stroke:var(--blue);stroke-width:2}.chart .marker-label.knee{fill:var(--blue);font-weight:600}
.chart .marker.target{stroke:var(--muted)}.chart .marker-label.target{fill:var(--muted)}
.chart .probe path{fill:none;stroke-width:1.4}
.chart .probe.pass circle{fill:var(--green)}.chart .probe.pass path{stroke:var(--green)}
.chart .probe.fail circle{fill:var(--red)}.chart .probe.fail path{stroke:var(--red)}
.chart .probe.undecided circle{fill:var(--amber)}.chart .probe.undecided path{stroke:var(--amber)}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;margin:8px 0 0;padding:0;font-size:12px;color:var(--muted)}
.legend li{display:inline-flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px}
.swatch.total{background:var(--blue);border-radius:50%}.swatch.ttft{background:var(--violet);border-radius:50%}
.swatch.p50{background:#1d3f8f;height:3px;width:14px}.swatch.p95{background:var(--orange);height:3px;width:14px}
.swatch.failed{background:var(--red)}.swatch.completed{background:var(--blue)}
.swatch.p99{background:var(--violet);height:3px;width:14px}.swatch.attainment{background:var(--green)}
.swatch.diagonal{background:var(--faint);height:2px;width:14px}
.swatch.pass{background:var(--green);border-radius:50%}.swatch.fail{background:var(--red);border-radius:50%}
.swatch.undecided{background:var(--amber);border-radius:50%}.swatch.knee-band{background:var(--blue-soft)}
.empty{color:var(--faint);padding:24px 0;text-align:center}
.table-scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{font-size:12px;color:var(--muted);font-weight:600;white-space:nowrap;background:#fafbfc}
tbody th{font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
tr:last-child td,tr:last-child th{border-bottom:none}
.ci{display:block;font-size:11.5px;color:var(--faint);white-space:nowrap}
.bar-cell{min-width:90px}
.share{height:8px;border-radius:4px;background:var(--red);opacity:.75}
.sample{display:block;color:var(--muted);font-size:12.5px;overflow-wrap:anywhere}
dl.facts{display:grid;grid-template-columns:minmax(120px,max-content) minmax(0,1fr);gap:6px 16px;margin:0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere;font-variant-numeric:tabular-nums}
h2.sub-heading{margin-top:18px}
footer{color:var(--faint);font-size:12px;text-align:center;margin-top:8px}
@media (max-width:1100px){.kpis{grid-template-columns:repeat(3,minmax(0,1fr))}}
@media (max-width:900px){.grid{grid-template-columns:minmax(0,1fr)}}
@media (max-width:640px){
main{padding:16px 12px 28px}
h1{font-size:19px}
.kpis{grid-template-columns:repeat(2,minmax(0,1fr));gap:8px}
.kpi{padding:10px 12px}.kpi .value{font-size:20px}
.panel{padding:14px 12px}
.grid{gap:12px}
.chart .chart-wide{display:none}.chart .chart-narrow{display:block}
.verdict{align-items:flex-start}
dl.facts{grid-template-columns:minmax(0,1fr)}dl.facts dt{margin-top:6px}
table{font-size:13px}th,td{padding:6px 8px}
table.row-headed tbody th,table.row-headed thead th:first-child{position:sticky;left:0;z-index:1;min-width:124px;background:var(--panel)}
table.row-headed thead th:first-child{background:#fafbfc}
}
@media print{
body{background:#fff;font-size:12px}
main{max-width:none;padding:0}
.panel,.kpi{box-shadow:none;break-inside:avoid}
.chart .chart-wide{display:block}.chart .chart-narrow{display:none}
.table-scroll{overflow:visible}
}
`;
