"""The parts of a run's page: summary, configuration, prompts, score, final diff and steps, as HTML.

Everything taken from the run is escaped here; the page's own markup is the only markup.
"""

from __future__ import annotations

import html
import json
from typing import Any

from agent.live import describe_call, step_seconds
from agent.render_configuration import configuration_lines
from agent.trajectory import Observation, Step
from agent.viewer.ansi import ansi_to_html
from agent.viewer.record import FileDiff, RunView

OPEN_OUTPUT_LINES = 40  # longer outputs start collapsed, their first lines shown


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def pretty(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)


def step_meta(step: Step) -> str:
    turn = step.assistant
    tools = sum(o.seconds for o in step.observations)
    return (
        f"tokens {turn.prompt_tokens}+{turn.completion_tokens} · ${turn.cost_usd:.4f} · "
        f"{step_seconds(step):.1f} s (model {step.model_seconds:.1f} s, tools {tools:.1f} s)"
    )


def score_badge(score: dict[str, Any] | None) -> str:
    if score is None:
        return "<span class='badge none'>not scored</span>"
    strict = score.get("strict_a_pct") if score.get("compliance") is not None else None
    text = f"A% {score.get('a_pct', 0):.1f}" + (f" · strict {strict:.1f}" if strict is not None else "")
    verdict = "pass" if score.get("pass") else "fail"
    return f"<span class='badge {verdict}'>{esc(verdict.upper())} {esc(text)}</span>"


def summary(view: RunView) -> str:
    t = view.trajectory
    totals = t.totals
    reason = t.exit.reason if t.exit else ""
    status = "ok" if t.status == "submitted" else "warn" if t.status != "error" else "bad"
    facts = [
        ("model", t.model), ("steps", totals.steps), ("tokens", f"{totals.prompt_tokens}+{totals.completion_tokens}"),
        ("cost", f"${totals.cost_usd:.4f}"), ("wall", f"{totals.wall_s:.1f} s"), ("run", t.run_id),
    ]  # fmt: skip
    cells = "".join(f"<div><b>{esc(k)}</b> {esc(v)}</div>" for k, v in facts)
    return (
        f"<header id='summary'><h1>{esc(view.name)}</h1>"
        f"<p><span class='badge {status}'>{esc(t.status)}</span> {esc(reason)} {score_badge(view.score)}</p>"
        f"<div class='facts'>{cells}</div></header>"
    )


def configuration(view: RunView) -> str:
    t = view.trajectory
    task = t.task
    constraints = task.get("constraints") if isinstance(task.get("constraints"), dict) else {}
    rows = [("framework", task.get("framework") or "not stated")]
    rows += [(kind, constraints.get(kind, "none")) for kind in ("architecture", "database", "orm")]
    table = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    reports = "".join(
        f"<details><summary>{esc(name)}: what it did</summary><pre>{esc(pretty(record))}</pre></details>"
        for name, record in t.mitigations_report.items()
    )
    lines = esc("\n".join(configuration_lines(t)))
    return (
        f"<section id='configuration'><h2>Task and configuration</h2><table class='kv'>{table}</table>"
        f"<pre class='configuration'>{lines}</pre>{reports or '<p class=muted>no mitigation report recorded</p>'}"
        "</section>"
    )


def prompts(view: RunView) -> str:
    blocks = []
    for message in view.trajectory.messages[:2]:
        role = message.get("role", "")
        content = message.get("content") or ""
        title = {"system": "system prompt", "user": "task prompt"}.get(str(role), str(role))
        length = f"{len(str(content).splitlines())} lines"
        blocks.append(f"<details><summary>{esc(title)} ({length})</summary><pre>{esc(content)}</pre></details>")
    return f"<section id='prompts'><h2>Prompts</h2>{''.join(blocks) or '<p class=muted>none recorded</p>'}</section>"


def _verdict_rows(compliance: dict[str, Any]) -> str:
    rows = []
    for verdict in compliance.get("verdicts", []):
        state = "compliant" if verdict.get("compliant") else "violated"
        found = [*verdict.get("violations", []), *verdict.get("warnings", [])]
        notes = "<br>".join(
            esc(f"{v.get('file', '')}:{v.get('line', '')} {v.get('reason', '')}" if isinstance(v, dict) else v)
            for v in found
        )
        rows.append(
            f"<tr class='{state}'><td>{esc(verdict.get('kind'))}</td><td>{esc(verdict.get('value', ''))}</td>"
            f"<td>{state}{'' if verdict.get('required', True) else ' (informative)'}</td><td>{notes}</td></tr>"
        )
    return "".join(rows)


def score(view: RunView) -> str:
    document = view.score
    if document is None:
        return (
            "<section id='score'><h2>Score</h2><p class=muted>not scored: <code>cagent eval "
            f"{esc(view.folder)}</code> scores it and keeps the score here</p></section>"
        )
    suites = "".join(
        f"<tr><td>{esc(s.get('suite'))}</td><td>{esc(s.get('passed'))}/{esc(s.get('total'))}</td>"
        f"<td>{s.get('a_pct', 0):.1f}</td></tr>"
        for s in document.get("suites", [])
    )
    parts = [f"<table class='grid'><tr><th>suite</th><th>passed</th><th>A%</th></tr>{suites}</table>"]
    if (failure := document.get("failure")) is not None:
        cause = failure.get("category", "") + (f" / {failure['subcategory']}" if failure.get("subcategory") else "")
        parts.append(f"<p>failure: <b>{esc(cause)}</b> (rule {esc(failure.get('rule', ''))})</p>")
    if document.get("fault"):
        parts.append(f"<p class='bad'>fault: {esc(document['fault'])}: {esc(document.get('fault_detail') or '')}</p>")
    if (compliance := document.get("compliance")) is not None:
        header = "<tr><th>constraint</th><th>required</th><th>verdict</th><th>violations and warnings</th></tr>"
        parts.append(f"<h3>Compliance</h3><table class='grid'>{header}{_verdict_rows(compliance)}</table>")
    for check, reason in (document.get("skipped") or {}).items():
        parts.append(f"<p class=muted>skipped: {esc(check)}: {esc(reason)}</p>")
    log = document.get("server_log_tail") or ""
    if log.strip():
        parts.append(f"<details><summary>server log (tail)</summary><pre>{ansi_to_html(log)}</pre></details>")
    return f"<section id='score'><h2>Score {score_badge(document)}</h2>{''.join(parts)}</section>"


def _patch_html(patch: str) -> str:
    lines = []
    for line in patch.splitlines():
        css = (
            "add"
            if line.startswith("+")
            else "del"
            if line.startswith("-")
            else "hunk"
            if line.startswith("@@")
            else ""
        )
        lines.append(f"<span class='{css}'>{esc(line)}</span>" if css else esc(line))
    return "\n".join(lines)


def final_diff(view: RunView) -> str:
    if not view.files:
        note = view.diff_note or "the agent changed no file"
        return f"<section id='diff'><h2>Final diff</h2><p class=muted>{esc(note)}</p></section>"
    added, removed = sum(f.added for f in view.files), sum(f.removed for f in view.files)
    items = "".join(_file(f) for f in view.files)
    counts = f"{len(view.files)} files changed, +{added} -{removed}"
    return f"<section id='diff'><h2>Final diff <small>{esc(counts)}</small></h2>{items}</section>"


def _file(file: FileDiff) -> str:
    cut = f"\n[... {file.cut_lines} more lines]" if file.cut_lines else ""
    return (
        f"<details class='file'><summary><code>{esc(file.path)}</code> <span class='muted'>{esc(file.status)}</span> "
        f"<span class='add'>+{file.added}</span> <span class='del'>-{file.removed}</span></summary>"
        f"<pre class='patch'>{_patch_html(file.patch)}{esc(cut)}</pre></details>"
    )


def _observation(obs: Observation) -> str:
    css = "call error" if obs.is_error else "call"
    lines = obs.output.splitlines()
    output = ansi_to_html(obs.output)
    if len(lines) > OPEN_OUTPUT_LINES:
        block = f"<details><summary>output ({len(lines)} lines)</summary><pre class='output'>{output}</pre></details>"
    else:
        block = f"<pre class='output'>{output}</pre>" if obs.output else "<p class=muted>(no output)</p>"
    extra = "".join(
        f"<details class='attachment' open><summary>attached by {esc(a.source)}: {esc(a.reason)}</summary>"
        f"<pre>{esc(a.text)}</pre></details>"
        for a in obs.attachments
    )
    if obs.verification is not None:
        state = "ok" if obs.verification.passed else "bad"
        extra += f"<div class='verdict {state}'><b>verifier:</b><pre>{esc(obs.verification.report)}</pre></div>"
    return (
        f"<div class='{css}'><div class='cmd'>$ {esc(describe_call(obs.tool, obs.arguments, width=160))}"
        f" <span class='muted'>{obs.seconds:.1f} s</span></div>"
        f"<details><summary>arguments</summary><pre class='json'>{esc(pretty(obs.arguments))}</pre></details>"
        f"{block}{extra}</div>"
    )


def step(item: Step) -> str:
    condensed = " <span class='badge warn'>history condensed</span>" if item.condensed else ""
    failed = any(o.is_error for o in item.observations)
    thought = f"<div class='thought'>{esc(item.assistant.content.strip())}</div>" if item.assistant.content else ""
    calls = "".join(_observation(o) for o in item.observations) or "<p class=muted>(no tool call)</p>"
    return (
        f"<section class='step{' failed' if failed else ''}' id='step-{item.index}'>"
        f"<h3><a href='#step-{item.index}'>step {item.index}</a> <small>{esc(step_meta(item))}</small>{condensed}</h3>"
        f"{thought}{calls}</section>"
    )


def index_entry(item: Step) -> str:
    first = item.observations[0] if item.observations else None
    label = describe_call(first.tool, first.arguments, width=40) if first else "(no tool call)"
    failed = " failed" if any(o.is_error for o in item.observations) else ""
    link = f"<a href='#step-{item.index}'>{item.index}. {esc(label)}</a>"
    return f"<li class='entry{failed}' data-step='{item.index}'>{link}</li>"
