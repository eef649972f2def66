"""Printable role cards (`litvinov handouts ID`): each delegation's briefing, goals — secret ones
included, so hand each card only to its player — and the scenario's vocabulary, one card a page."""

from __future__ import annotations

from jinja2 import Environment, select_autoescape

from game.scenario.loader import LoadedScenario

CARDS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Role cards: {{ meta.title }}</title>
<style>
body { font: 15px/1.45 "DejaVu Sans", Arial, sans-serif; margin: 0; color: #111; }
.card { page-break-after: always; padding: 2em 3em; max-width: 48em; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.1em; margin: 1em 0 .3em; }
.who { color: #555; } .secret { border: 2px dashed #800; padding: .5em 1em; }
dl { columns: 2; } dt { font-weight: bold; } dd { margin: 0 0 .5em 0; }
</style></head><body>
{% for actor in actors %}<section class="card">
<h1>{{ actor.name }}</h1>
<p class="who">{{ meta.title }} · {{ meta.period }}{% if actor.person %} · you speak as {{ actor.person }}{% endif %}</p>
<h2>The situation</h2><p>{{ meta.briefing }}</p>
{% if actor.briefing %}<p>{{ actor.briefing }}</p>{% endif %}
{% if actor.goals %}<h2>Your goals</h2><ul>{% for g in actor.goals %}<li>{{ g.text }}</li>{% endfor %}</ul>{% endif %}
{% if actor.secret_goals %}<div class="secret"><h2>Secret — for you only</h2><ul>{% for g in actor.secret_goals %}<li>{{ g.text }}</li>{% endfor %}</ul></div>{% endif %}
{% if actor.red_lines %}<h2>What your government will not accept</h2><ul>{% for r in actor.red_lines %}<li>{{ r }}</li>{% endfor %}</ul>{% endif %}
{% if meta.glossary %}<h2>Words you will meet</h2><dl>{% for g in meta.glossary %}<dt>{{ g.term }}</dt><dd>{{ g.definition }}</dd>{% endfor %}</dl>{% endif %}
</section>{% endfor %}
</body></html>
"""


def role_cards_html(loaded: LoadedScenario) -> str:
    s = loaded.scenario
    actors = [
        {
            "name": a.name, "person": a.person, "briefing": a.briefing, "goals": a.goals,
            "secret_goals": a.secret_goals,
            "red_lines": [r.reason for r in a.persona.red_lines],
        }
        for a in s.actors
    ]
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(CARDS).render(meta=s.meta, actors=actors)
