/** The inline stylesheet of `report.html`: light and dark, phone-width and print layouts. */
export const CSS = `
:root{--bg:#f6f7f9;--card:#fff;--text:#1c2128;--muted:#5b6572;--line:#e3e6ea;--code:#f0f2f5;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;
--err:#8250df;--err-bg:#fbefff;--info:#0969da;--info-bg:#ddf4ff;--accent:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b22;--text:#e6edf3;--muted:#8d96a0;
--line:#30363d;--code:#1f242c;--pass:#3fb950;--pass-bg:#12261e;--fail:#f85149;--fail-bg:#2d1214;
--warn:#d29922;--warn-bg:#2b2111;--err:#bc8cff;--err-bg:#231a33;--info:#58a6ff;--info-bg:#0c2036;--accent:#58a6ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:break-word}
main{max-width:1200px;margin:0 auto;padding:24px 16px 64px}
a{color:var(--accent)}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
code{background:var(--code);padding:1px 5px;border-radius:4px;overflow-wrap:anywhere}
pre{background:var(--code);padding:10px 12px;border-radius:6px;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere;margin:8px 0}
pre code{background:none;padding:0}
h1{font-size:22px;margin:10px 0 6px}
h2{font-size:18px;margin:0 0 12px}
section,header.hero{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:16px 0}
header.hero{border-top:6px solid var(--muted)}
header.r-pass{border-top-color:var(--pass)}header.r-fail{border-top-color:var(--fail)}
header.r-inconclusive{border-top-color:var(--warn)}header.r-error{border-top-color:var(--err)}
.badge{display:inline-flex;align-items:center;gap:6px;font-weight:700;font-size:14px;letter-spacing:.02em;
padding:4px 12px;border-radius:999px;text-transform:uppercase}
.b-pass{color:var(--pass);background:var(--pass-bg)}.b-fail{color:var(--fail);background:var(--fail-bg)}
.b-inconclusive{color:var(--warn);background:var(--warn-bg)}.b-error{color:var(--err);background:var(--err-bg)}
.summary{font-size:17px;margin:8px 0 12px}
.side{margin:8px 0 0;padding:6px 10px;border-left:4px solid var(--accent);font-weight:600}
.chips{display:flex;flex-wrap:wrap;gap:6px;list-style:none;padding:0;margin:0}
.chips li{background:var(--code);color:var(--muted);border-radius:999px;padding:2px 10px;font-size:13px}
nav.toc{display:flex;flex-wrap:wrap;gap:14px;font-size:14px;padding:0 4px}
.muted{color:var(--muted)}
.pill{display:inline-block;font-size:12px;font-weight:600;padding:1px 8px;border-radius:999px;white-space:nowrap}
.s-pass{color:var(--pass);background:var(--pass-bg)}.s-fail,.s-error{color:var(--fail);background:var(--fail-bg)}
.s-blocked,.s-warning{color:var(--warn);background:var(--warn-bg)}.s-untested,.s-info{color:var(--info);background:var(--info-bg)}
ul.criteria{list-style:none;padding:0;margin:0}
ul.criteria>li{border-top:1px solid var(--line);padding:10px 0;display:grid;grid-template-columns:110px 1fr;gap:10px}
ul.criteria>li:first-child{border-top:0}
.evidence{margin:6px 0 0;padding-left:18px;font-size:14px}
.verified{color:var(--pass);font-weight:600}.unverified{color:var(--warn);font-weight:600}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;vertical-align:top;padding:8px;border-top:1px solid var(--line)}
th{color:var(--muted);font-weight:600;border-top:0;white-space:nowrap}
table,table code{overflow-wrap:break-word}td.num-cell{white-space:nowrap}
td pre{min-width:14em}
td pre{margin:0;max-height:12em}
.table-wrap{overflow-x:auto}
ol.timeline{list-style:none;padding:0;margin:0}
li.step{display:grid;grid-template-columns:minmax(0,5fr) minmax(0,6fr);gap:18px;padding:16px 0;border-top:1px solid var(--line)}
li.step:first-child{border-top:0}
li.step:target{background:var(--info-bg);border-radius:8px;padding:16px 10px}
figure.shot{margin:0}
figure.shot img{width:100%;height:auto;border:1px solid var(--line);border-radius:6px;display:block;background:#fff}
figure.shot .frame{position:relative}
figure.shot .acted-on{position:absolute;box-sizing:border-box;border:3px solid #e6285a;border-radius:3px;box-shadow:0 0 0 2px #fff;pointer-events:none}
.noshot{border:1px dashed var(--line);border-radius:6px;padding:40px 10px;text-align:center;color:var(--muted)}
.step h3{font-size:16px;margin:0 0 6px;display:flex;gap:10px;align-items:baseline}
.num{flex:none;display:inline-grid;place-items:center;min-width:28px;height:28px;border-radius:999px;background:var(--code);font-size:13px;font-weight:700}
.step.err .num{background:var(--fail-bg);color:var(--fail)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0;font-size:14px}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
.error-box{border-left:4px solid var(--fail);background:var(--fail-bg);padding:6px 10px;border-radius:4px;margin:8px 0;overflow-wrap:anywhere}
.step-findings{margin:6px 0;padding-left:18px;font-size:14px}
details summary{cursor:pointer;color:var(--accent);font-size:14px}
.bars{display:flex;height:14px;border-radius:7px;overflow:hidden;background:var(--code);margin:8px 0}
.bars span{display:block;height:100%}
.t-app{background:#8250df}.t-browser{background:#0969da}.t-steps{background:#1a7f37}.t-report{background:#bf8700}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:13px;color:var(--muted)}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:middle}
footer{color:var(--muted);font-size:13px;text-align:center;margin-top:24px}
@media (max-width:820px){li.step{grid-template-columns:1fr}ul.criteria>li{grid-template-columns:1fr}
th.opt,td.opt{display:none}main{padding:12px 8px 48px}section,header.hero{padding:14px}}
a.zoom{display:block;cursor:zoom-in}
.close{display:none}
figure:target{position:fixed;inset:0;z-index:10;margin:0;padding:48px 12px 12px;overflow:auto;background:#0d1117;border:0;border-radius:0}
figure:target img{width:auto;max-width:none;height:auto}
figure:target .frame,figure:target a.zoom{display:inline-block;cursor:default}
figure:target figcaption{color:#fff}
figure:target .close{display:block;position:fixed;top:10px;right:14px;z-index:11;background:var(--card);color:var(--text);padding:4px 14px;border-radius:999px;font-weight:600;text-decoration:none}
.marks{display:flex;flex-wrap:wrap;gap:4px;margin:0 0 6px}
.mark{font-size:12px;font-weight:600;padding:1px 8px;border-radius:999px;white-space:nowrap}
.m-new,.m-found{color:var(--fail);background:var(--fail-bg)}.m-preexisting{color:var(--muted);background:var(--code)}
.m-flaky{color:var(--warn);background:var(--warn-bg)}.m-fixed{color:var(--pass);background:var(--pass-bg)}
@media (max-width:600px){.table-wrap table,.table-wrap tbody,.table-wrap tr,.table-wrap td{display:block;width:100%}
.table-wrap thead{display:none}.table-wrap tr{border-top:1px solid var(--line);padding:6px 0}
.table-wrap td{border:0;padding:3px 0}.table-wrap td[data-label]::before{content:attr(data-label);display:block;font-size:12px;color:var(--muted)}
.table-wrap td.num-cell::before{display:inline;margin-right:6px}td pre{min-width:0}}
@media print{body{background:#fff}section,header.hero{break-inside:avoid-page}li.step{break-inside:avoid}}
`;
