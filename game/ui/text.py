"""Wording for the UIs: re-exports `game.wording`, which sits below the debrief so that the exports
and both UIs say things the same way."""

from game.wording import *  # noqa: F403
from game.wording import (  # noqa: F401
    action_label,
    actor_name,
    describe,
    difference,
    evidence_for,
    evidence_lines,
    goal_lines,
    hidden_variables,
    instrument_status,
    long_date,
    names,
    option_label,
    package_lines,
    package_summary,
    proposal_lines,
    report,
    round_label,
    side_name,
    situation_lines,
)
