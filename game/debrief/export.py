"""Render a Debrief as Markdown, JSON or one self-contained printable HTML page (Jinja2, autoescaped).

Returns strings; `game/storage.py` writes them. The JSON embeds seed and choices, so a class report
can recompute every score.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from jinja2 import Environment, select_autoescape

from game.debrief.model import Debrief

LABELS = {"historical": "happened", "considered": "considered at the time", "plausible": "plausible",
          "out_of_character": "out of character"}
KIND_NAMES = {"primary": "Primary sources", "scholarly": "Historians", "reference": "Reference works", "web": "Other pages"}


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def to_json(debrief: Debrief) -> str:
    data: dict[str, Any] = asdict(debrief)
    data["format"] = "litvinov-debrief"
    data["version"] = 1
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)


def to_markdown(d: Debrief) -> str:
    lines = [f"# Debrief: {d.title}", "", f"Played by: {', '.join(d.players)} · seed {d.seed}" + (" · short setting" if d.short else ""), ""]
    lines += ["## Your result", ""] + [f"- {o}" for o in d.outcome] + [""]
    if d.history_summary:
        lines += ["**What really happened.** " + d.history_summary, ""]
    lines += ["## Three lenses (none of them is *the* score)", ""]
    lines += [f"- **In character:** {_pct(d.in_character)} / 100 — {len(d.judgements)} decisions judged in the situation they were made"]
    for s in d.statecraft:
        lines += [f"- **Statecraft ({s.actor}):** {s.score:.0f} (real diplomat = 100; your outcome {s.utility:+.1f}, history {s.par:+.1f}, worst found {s.worst:+.1f})"]
    lines += [f"- **Distance from history:** {len(d.distance)} difference(s) (described, not graded; disputed facts are never counted)", ""]
    if d.judgements:
        lines += ["### Your decisions, judged", ""]
        for j in d.judgements:
            lines += [f"- {j.what} — *{LABELS[j.label]}*: {j.why}" + (f" [{j.source}]" if j.source else "")]
        lines += [""]
    if d.distance:
        lines += ["### Where your game differs from history", ""] + [f"- {x}" for x in d.distance] + [""]
    lines += ["## Your path beside history", "", "| Round | Delegation | Your move | History |", "|---|---|---|---|"]
    for row in d.path:
        mark = "" if row.same else " ◆"
        lines += [f"| {row.round} | {row.actor} | {row.yours}{mark} | {row.history} |"]
    lines += [""]
    if d.divergences:
        lines += ["## The largest divergences", ""]
        for v in d.divergences:
            lines += [f"### {v.round} — {v.actor}", "", f"You: {v.yours}. History: {v.history}.", "", f"Why history went otherwise: {v.why_history}" + (f" [{v.source}]" if v.source else "")]
            lines += [f"- {c}" for c in v.consequences] + [""]
    if d.epilogue:
        lines += ["## What happened next — in history", ""] + [f"- {e['date']}: {e['text']}" + (" *(disputed)*" if e["certainty"] == "disputed" else "") for e in d.epilogue] + [""]
    if d.questions:
        lines += ["## Questions to discuss", ""] + [f"1. {q}" for q in d.questions] + [""]
    if d.ask_why:
        lines += ["## Explain your choices", ""]
        for a in d.ask_why:
            lines += [f"- {a['move']}: {a['prompt']}" + (f"\n  - *Your answer:* {a['answer']}" if a.get("answer") else "")]
        lines += [""]
    lines += ["## Sources", ""]
    for kind, items in d.sources.items():
        lines += [f"**{KIND_NAMES.get(kind, kind)}**", ""]
        for src in items:
            note = f" — {src['note']}" if src.get("note") else ""
            lines += [f"- {src['citation']}" + (f" <{src['url']}>" if src["url"] else "") + note]
        lines += [""]
    return "\n".join(lines)


HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Debrief: {{ d.title }}</title>
<style>
body { font: 16px/1.5 "DejaVu Sans", Arial, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #111; }
h1, h2, h3 { line-height: 1.2; } table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #999; padding: .3em .5em; vertical-align: top; text-align: left; }
.diff { background: #fff3cd; } .lens { display: inline-block; border: 2px solid #333; padding: .5em 1em; margin: 0 .5em .5em 0; }
@media print { body { margin: 0; } a { color: inherit; } }
</style></head><body>
<h1>Debrief: {{ d.title }}</h1>
<p>Played by {{ d.players | join(", ") }} · seed {{ d.seed }}{% if d.short %} · short setting{% endif %}</p>
<h2>Your result</h2><ul>{% for o in d.outcome %}<li>{{ o }}</li>{% endfor %}</ul>
{% if d.history_summary %}<p><strong>What really happened.</strong> {{ d.history_summary }}</p>{% endif %}
<h2>Three lenses</h2><p>None of them is <em>the</em> score.</p>
<div class="lens"><strong>In character</strong><br>{{ pct(d.in_character) }} / 100</div>
{% for s in d.statecraft %}<div class="lens"><strong>Statecraft — {{ s.actor }}</strong><br>{{ "%.0f" | format(s.score) }} (history = 100)</div>{% endfor %}
<div class="lens"><strong>Distance from history</strong><br>{{ d.distance | length }} difference(s)</div>
{% if d.judgements %}<h3>Your decisions, judged</h3><ul>{% for j in d.judgements %}<li>{{ j.what }} — <em>{{ labels[j.label] }}</em>: {{ j.why }}</li>{% endfor %}</ul>{% endif %}
{% if d.distance %}<h3>Where your game differs from history</h3><ul>{% for x in d.distance %}<li>{{ x }}</li>{% endfor %}</ul>{% endif %}
<h2>Your path beside history</h2>
<table><tr><th>Round</th><th>Delegation</th><th>Your move</th><th>History</th></tr>
{% for r in d.path %}<tr{% if not r.same %} class="diff"{% endif %}><td>{{ r.round }}</td><td>{{ r.actor }}</td><td>{{ r.yours }}</td><td>{{ r.history }}</td></tr>{% endfor %}</table>
{% if d.divergences %}<h2>The largest divergences</h2>{% for v in d.divergences %}
<h3>{{ v.round }} — {{ v.actor }}</h3><p>You: {{ v.yours }}. History: {{ v.history }}.</p>
<p>Why history went otherwise: {{ v.why_history }}</p>{% if v.consequences %}<ul>{% for c in v.consequences %}<li>{{ c }}</li>{% endfor %}</ul>{% endif %}{% endfor %}{% endif %}
{% if d.epilogue %}<h2>What happened next — in history</h2><ul>{% for e in d.epilogue %}<li>{{ e.date }}: {{ e.text }}{% if e.certainty == "disputed" %} <em>(disputed)</em>{% endif %}</li>{% endfor %}</ul>{% endif %}
{% if d.questions %}<h2>Questions to discuss</h2><ol>{% for q in d.questions %}<li>{{ q }}</li>{% endfor %}</ol>{% endif %}
{% if d.ask_why %}<h2>Explain your choices</h2><ul>{% for a in d.ask_why %}<li>{{ a.move }}: {{ a.prompt }}{% if a.answer %}<br><em>Your answer:</em> {{ a.answer }}{% endif %}</li>{% endfor %}</ul>{% endif %}
<h2>Sources</h2>{% for kind, items in d.sources.items() %}<h3>{{ kinds.get(kind, kind) }}</h3><ul>
{% for s in items %}<li>{{ s.citation }}{% if s.url %} — <a href="{{ s.url }}">{{ s.url }}</a>{% endif %}{% if s.note %} <em>({{ s.note }})</em>{% endif %}</li>{% endfor %}</ul>{% endfor %}
</body></html>
"""


def to_html(d: Debrief) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(HTML).render(d=d, pct=_pct, labels=LABELS, kinds=KIND_NAMES)


def render(d: Debrief, fmt: str) -> str:
    if fmt == "json":
        return to_json(d)
    if fmt in ("md", "markdown"):
        return to_markdown(d)
    if fmt == "html":
        return to_html(d)
    raise ValueError(f"unknown debrief format `{fmt}`: use html, md or json")
