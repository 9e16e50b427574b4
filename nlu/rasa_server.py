"""`python -m nlu.rasa_server run …`: Rasa's own command line, without a cost Rasa 3.6 pays per action.

Rasa checks every answer of the action server against a JSON schema with
`jsonschema.validate`, which first checks the schema itself against the
JSON Schema meta-schema, every time. `make bench` measured that meta-check
at about half of Rasa's time per message with a form active. The schema is
Rasa's own constant, so here it is checked once and its validator kept; each
answer is still validated exactly as before, with Rasa's error message.
`werkmaatje run` starts Rasa through this module; `make bench` starts stock
Rasa (`python -m rasa`) for its baseline.

It also lets the length of a quiet pause that ends a conversation session be
a setting (`WERKMAATJE_SESSION_MINUTES`) rather than a number trained into
the model's domain, so an operator can change it without retraining.
"""
from __future__ import annotations

import functools
import os


@functools.lru_cache(maxsize=1)
def _action_answer_validator():
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)  # once, where Rasa does it on every action
    return validator_class(schema)


def _validate_action_result(self, result) -> bool:  # noqa: ARG001 - replaces a method
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error = best_match(_action_answer_validator().iter_errors(result))
    if error is not None:
        # Rasa's own wording (rasa/core/actions/action.py).
        error.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def apply_speedups() -> None:
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = _validate_action_result


# Set by cli/supervisor.py child_env from Settings.session_minutes.
SESSION_MINUTES_VARIABLE = "WERKMAATJE_SESSION_MINUTES"


def apply_session_setting(environ=os.environ) -> None:
    """Every model Rasa loads gets the configured session length instead of its domain's."""
    minutes = environ.get(SESSION_MINUTES_VARIABLE)
    if not minutes:
        return
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.domain import SessionConfig

    session_config = SessionConfig(float(minutes), carry_over_slots=True)
    original_init = MessageProcessor.__init__

    @functools.wraps(original_init)
    def init_with_session_setting(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.domain.session_config = session_config

    MessageProcessor.__init__ = init_with_session_setting


def main() -> None:
    apply_speedups()
    apply_session_setting()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
