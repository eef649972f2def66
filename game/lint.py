"""`litvinov lint`: advice for a valid scenario, as `file:line:col: warning — what to do`.

Static checks (unused variables and sources, moves and events nobody could see, historical moves
without a date) and checks from N seeded playthroughs (moves never available, events never fired,
seats with too few real decisions, a reading-time estimate per seat against `meta.minutes`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from game.ai import make_policy
from game.engine.rules import index, legal_actions
from game.engine.session import Session
from game.scenario.loader import LoadedScenario
from game.wording import action_label, report

WORDS_PER_MINUTE = 200
SECONDS_PER_DECISION = 15
MIN_DECISIONS = 3


@dataclass(frozen=True)
class Advice:
    line: int
    column: int
    message: str
    fix: str

    def render(self, file: str) -> str:
        return f"{file}:{self.line}:{self.column}: warning: {self.message} — {self.fix}"


def _referenced_names(loaded: LoadedScenario) -> str:
    """All condition texts, joined (to look for variable names)."""
    return " ".join(loaded.conditions)


def static_advice(loaded: LoadedScenario) -> list[Advice]:
    s = loaded.scenario
    out: list[Advice] = []
    conditions = _referenced_names(loaded)
    changed = {e.var for m in s.moves for e in m.effects} | {e.var for ev in s.events for e in ev.effects}
    for i, var in enumerate(s.variables):
        used = re.search(rf"\b{re.escape(var.id)}\b", conditions) is not None
        if not used and var.id not in changed:
            out.append(Advice(*loaded.where(("variables", i, "id")), f"variable `{var.id}` is never used",
                              "use it in a condition or an effect, or remove it"))
        elif not used:
            out.append(Advice(*loaded.where(("variables", i, "id")), f"variable `{var.id}` changes but no condition reads it",
                              "use it in a `when:` or a persona adjustment, or players see a number that does nothing"))
    cited = {m.source for m in s.moves} | {e.source for e in s.events} | {c.source for c in s.evidence}
    cited |= {r.source for r in s.history.instruments} | {e.source for e in s.history.epilogue} | set(s.debrief.reading)
    cited |= {p.source for p in s.history.plays} | {g.source for a in s.actors for g in (*a.goals, *a.secret_goals)}
    cited |= {r.source for a in s.actors for r in a.persona.red_lines} | {j.source for a in s.actors for j in a.persona.adjustments}
    for i, src in enumerate(s.meta.sources):
        if src.id not in cited:
            out.append(Advice(*loaded.where(("meta", "sources", i, "id")), f"source `{src.id}` is never cited",
                              "cite it where it supports a move, event or goal, or remove it"))
    for i, move in enumerate(s.moves):
        if move.plausibility == "historical" and not move.happened:
            out.append(Advice(*loaded.where(("moves", i, "plausibility")), f"historical move `{move.id}` has no `happened:` date",
                              "say when it happened, e.g. happened: \"19 January 1929\""))
    for i, card in enumerate(s.evidence):
        kinds = {src.id: src.kind for src in s.meta.sources}
        if kinds.get(card.source) != "primary":
            out.append(Advice(*loaded.where(("evidence", i, "source")), f"evidence card `{card.id}` cites a {kinds.get(card.source)} source",
                              "an evidence card should paraphrase a primary document"))
        if not any(m.evidence == card.id for m in s.moves):
            out.append(Advice(*loaded.where(("evidence", i, "id")), f"evidence card `{card.id}` is never shown",
                              "attach it to a move with `evidence:`"))
    return out


def playthrough_advice(loaded: LoadedScenario, runs: int = 40) -> tuple[list[Advice], dict[str, float]]:
    """Advice from `runs` seeded games (half random, half strategic); and minutes per actor."""
    s = loaded.scenario
    idx = index(loaded)
    available: Counter[str] = Counter()
    fired: Counter[str] = Counter()
    decisions: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for seed in range(runs):
        policy = "random" if seed % 2 else "strategic"
        session = Session(loaded, seed, [], {a.id: make_policy(policy) for a in s.actors})
        while not session.state.ended:
            state = session.state
            actor = state.next_actor()
            assert actor is not None
            legal = legal_actions(state, actor)
            for action in legal:
                if action.move:
                    available[action.move] += 1
            if len(legal) > 1 or any(p for p in state.proposals if p.status == "open" and idx.side_of[actor] in p.package.to):
                decisions[actor] += 1
            words[actor] += sum(len(action_label(loaded, a).split()) for a in legal)
            session.submit(session.policies[actor].choose(state, actor))
        fired.update(session.state.fired)
        report_words = sum(len(line.split()) for line in report(session.state, 0))
        for a in s.actors:
            words[a.id] += report_words
    out: list[Advice] = []
    for i, move in enumerate(s.moves):
        if available[move.id] == 0:
            out.append(Advice(*loaded.where(("moves", i, "id")), f"move `{move.id}` was never available in {runs} playthroughs",
                              "check its `when:` and `rounds:` (and that its package or act can be legal)"))
    for i, event in enumerate(s.events):
        if fired[event.id] == 0:
            out.append(Advice(*loaded.where(("events", i, "id")), f"event `{event.id}` never fired in {runs} playthroughs",
                              "check its `round:` or `when:`"))
    minutes: dict[str, float] = {}
    for i, actor in enumerate(s.actors):
        per_game = decisions[actor.id] / runs
        if per_game < MIN_DECISIONS:
            out.append(Advice(*loaded.where(("actors", i, "id")), f"`{actor.id}` has only {per_game:.1f} real decisions a game",
                              "give it moves that matter, or seat it with another actor"))
        minutes[actor.id] = words[actor.id] / runs / WORDS_PER_MINUTE + per_game * SECONDS_PER_DECISION / 60
    return out, minutes


def lint(loaded: LoadedScenario, runs: int = 40) -> tuple[list[str], dict[str, float]]:
    advice = static_advice(loaded)
    played, minutes = playthrough_advice(loaded, runs)
    advice += played
    s = loaded.scenario
    for actor_id, value in minutes.items():
        if value > s.meta.minutes * 1.25:
            i = [a.id for a in s.actors].index(actor_id)
            advice.append(Advice(*loaded.where(("actors", i, "id")),
                                 f"a player of `{actor_id}` needs about {value:.0f} minutes, over meta.minutes ({s.meta.minutes})",
                                 "shorten texts, mark rounds `optional: true`, or raise meta.minutes"))
    advice.sort(key=lambda a: (a.line, a.column))
    return [a.render(loaded.path) for a in advice], minutes
