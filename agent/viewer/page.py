"""One self-contained HTML page per run: a step index with search beside the run, no external resource.

The page's one script (search, and keys j/k to move between steps) is allowed by its hash in the page's
Content-Security-Policy, so nothing a model wrote into the trajectory can run, even if it got through.
"""

from __future__ import annotations

import base64
import hashlib

from agent.viewer import sections
from agent.viewer.record import RunView
from agent.viewer.sections import esc

STYLE = """
*{box-sizing:border-box} body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1f2328;background:#fff}
.layout{display:grid;grid-template-columns:19rem minmax(0,1fr);min-height:100vh}
nav{position:sticky;top:0;height:100vh;overflow-y:auto;border-right:1px solid #d0d7de;background:#f6f8fa;padding:.8rem}
nav input{width:100%;padding:.35rem .5rem;border:1px solid #d0d7de;border-radius:4px;font:inherit}
nav ul{list-style:none;margin:.5rem 0;padding:0} nav li a{display:block;padding:.1rem .3rem;color:#1f2328;
text-decoration:none;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;border-radius:3px;font-size:13px}
nav li a:hover{background:#e7ecf0} nav li.failed a{color:#cf222e} nav .sections a{font-weight:600}
main{padding:1rem 1.6rem;max-width:80rem} h1{margin:.2rem 0;font-size:1.5rem} h2{border-bottom:1px solid #d0d7de;
padding-bottom:.2rem;margin-top:1.6rem} h3{margin:.2rem 0 .4rem} h3 small,h2 small{font-weight:400;color:#59636e}
pre{background:#f6f8fa;padding:.5rem .6rem;border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere;
margin:.3rem 0;font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;max-height:40rem;overflow-y:auto}
details>summary{cursor:pointer;color:#0550ae;margin:.2rem 0} .facts{display:flex;flex-wrap:wrap;gap:.3rem 1.4rem}
.badge{display:inline-block;padding:0 .45rem;border-radius:1rem;font-size:12px;font-weight:600;background:#eaeef2}
.badge.ok,.badge.pass{background:#dafbe1;color:#116329} .badge.bad,.badge.fail{background:#ffebe9;color:#a40e26}
.badge.warn{background:#fff8c5;color:#7d4e00} .muted{color:#59636e} .bad{color:#a40e26}
.step{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .8rem;margin:.8rem 0}
.step.failed{border-left:4px solid #cf222e} .step.hidden,li.hidden{display:none}
.thought{font-style:italic;white-space:pre-wrap;margin:.2rem 0 .5rem} .call{margin:.4rem 0}
.cmd{font:600 13px ui-monospace,monospace;color:#0550ae} .call.error .cmd{color:#cf222e}
.attachment summary{color:#8250df} .verdict{border-left:3px solid #bf8700;padding-left:.5rem}
.verdict.ok{border-color:#1a7f37} table{border-collapse:collapse;margin:.4rem 0}
td,th{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left;vertical-align:top}
tr.violated td{background:#fff5f5} .kv th{background:#f6f8fa} .add{color:#116329} .del{color:#a40e26}
.patch .add{background:#e6ffec;display:inline-block;width:100%} .patch .del{background:#ffebe9;display:inline-block;
width:100%} .patch .hunk{color:#8250df} mark{background:#fff8c5} #count{font-size:12px;color:#59636e}
.ansi-bold{font-weight:700} .ansi-dim{opacity:.7} .ansi-italic{font-style:italic}
.ansi-underline{text-decoration:underline}
.ansi-black{color:#24292f} .ansi-red{color:#cf222e} .ansi-green{color:#116329} .ansi-yellow{color:#9a6700}
.ansi-blue{color:#0550ae} .ansi-magenta{color:#8250df} .ansi-cyan{color:#1b7c83} .ansi-white{color:#6e7781}
.ansi-bright-black{color:#57606a} .ansi-bright-red{color:#a40e26} .ansi-bright-green{color:#1a7f37}
.ansi-bright-yellow{color:#7d4e00} .ansi-bright-blue{color:#218bff} .ansi-bright-magenta{color:#a475f9}
.ansi-bright-cyan{color:#3192aa} .ansi-bright-white{color:#8c959f} [class*=ansi-bg-]{background:#eaeef2}
.ansi-bg-red,.ansi-bg-bright-red{background:#ffebe9} .ansi-bg-green,.ansi-bg-bright-green{background:#dafbe1}
.ansi-bg-yellow,.ansi-bg-bright-yellow{background:#fff8c5}
.layout.single{grid-template-columns:1fr} .layout.single main{max-width:none} #runs td{font-size:13px}
#runs td:nth-child(3){overflow-wrap:anywhere;max-width:18rem} .filter{width:24rem;padding:.35rem .5rem;font:inherit}
"""

SCRIPT = """
const box = document.getElementById('search'), count = document.getElementById('count');
const steps = [...document.querySelectorAll('section.step')];
const entries = new Map([...document.querySelectorAll('li.entry')].map(li => [li.dataset.step, li]));
box.addEventListener('input', () => {
  const query = box.value.trim().toLowerCase();
  let shown = 0;
  for (const step of steps) {
    const hit = !query || step.textContent.toLowerCase().includes(query);
    step.classList.toggle('hidden', !hit);
    entries.get(step.id.slice(5))?.classList.toggle('hidden', !hit);
    if (hit && query) step.querySelectorAll('details').forEach(d => {
      if (d.textContent.toLowerCase().includes(query)) d.open = true; });
    shown += hit;
  }
  count.textContent = query ? shown + ' of ' + steps.length + ' steps match' : steps.length + ' steps';
});
document.addEventListener('keydown', event => {
  if (event.target === box || !['j', 'k'].includes(event.key)) return;
  const visible = steps.filter(s => !s.classList.contains('hidden'));
  const current = visible.findIndex(s => s.getBoundingClientRect().top > 5);
  const next = event.key === 'j' ? visible[Math.max(current, 0)] : visible[Math.max(current - 2, 0)];
  if (next) next.scrollIntoView();
});
"""


def policy(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"


def document(title: str, nav: str, main: str, script: str = SCRIPT) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{policy(script)}\">"
        f"<meta name='viewport' content='width=device-width'><title>{esc(title)}</title><style>{STYLE}</style>"
        f"</head><body><div class='layout{'' if nav else ' single'}'>{f'<nav>{nav}</nav>' if nav else ''}"
        f"<main>{main}</main></div>"
        f"<script>{script}</script></body></html>"
    )


def run_page(view: RunView) -> str:
    steps = view.trajectory.steps
    links = (("summary", "Summary"), ("configuration", "Task and configuration"), ("prompts", "Prompts"),
             ("score", "Score"), ("diff", f"Final diff ({len(view.files)} files)"))  # fmt: skip
    nav = (
        "<input id='search' type='search' placeholder='search steps (j/k: next/previous)' autocomplete='off'>"
        f"<div id='count'>{len(steps)} steps</div><ul class='sections'>"
        + "".join(f"<li><a href='#{anchor}'>{esc(label)}</a></li>" for anchor, label in links)
        + "</ul><ul>"
        + "".join(sections.index_entry(item) for item in steps)
        + "</ul>"
    )
    main = "".join(
        [
            sections.summary(view), sections.configuration(view), sections.prompts(view), sections.score(view),
            sections.final_diff(view), "<h2 id='steps'>Steps</h2>", *(sections.step(item) for item in steps),
        ]
    )  # fmt: skip
    return document(f"cagent {view.name} {view.trajectory.run_id}", nav, main)
