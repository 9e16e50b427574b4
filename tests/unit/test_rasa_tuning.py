"""How Werkmaatje runs Rasa (issue 9): the tuning environment and the action-answer check."""
from __future__ import annotations

import pytest

from cli.supervisor import STOCK_RASA_ENV, TENSORFLOW_THREAD_VARIABLES, child_env, rasa_command, rasa_tuning_env
from werkmaatje.settings import Settings


def test_one_worker_keeps_the_in_memory_lock_store():
    env = rasa_tuning_env(Settings(rasa_workers=1, tensorflow_threads=1))
    assert env["SANIC_WORKERS"] == "1" and env["WERKMAATJE_LOCK_STORE"] == "in_memory"
    assert all(env[variable] == "1" for variable in TENSORFLOW_THREAD_VARIABLES)


def test_several_workers_share_locks_in_redis():
    env = rasa_tuning_env(Settings(rasa_workers=2, redis_url="redis://cache.internal:6380/3"))
    assert env["SANIC_WORKERS"] == "2" and env["WERKMAATJE_LOCK_STORE"] == "redis"
    assert (env["WERKMAATJE_REDIS_HOST"], env["WERKMAATJE_REDIS_PORT"], env["WERKMAATJE_REDIS_DB"]) == ("cache.internal", "6380", "3")


def test_every_variable_endpoints_yml_names_is_set_for_rasa():
    # Rasa refuses to start when a ${...} in endpoints.yml has no value.
    env = child_env(Settings())
    for name in ("WERKMAATJE_LOCK_STORE", "WERKMAATJE_REDIS_HOST", "WERKMAATJE_REDIS_PORT", "WERKMAATJE_REDIS_DB"):
        assert env[name]
    assert set(STOCK_RASA_ENV) <= set(env)


def test_the_product_starts_rasa_with_its_speedups_and_the_baseline_without(tmp_path):
    model = tmp_path / "model.tar.gz"
    assert rasa_command(Settings(), model)[1:4] == ["-m", "nlu.rasa_server", "run"]
    assert rasa_command(Settings(), model, tuned=False)[1:4] == ["-m", "rasa", "run"]


@pytest.fixture(scope="module")
def remote_action():
    from rasa.core.actions.action import RemoteAction

    from nlu import rasa_server

    rasa_server.apply_speedups()
    return RemoteAction("action_test", None)


def test_a_valid_action_answer_passes_the_kept_validator(remote_action):
    answer = {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hoi"}]}
    assert remote_action._validate_action_result(answer) is True


def test_an_invalid_action_answer_is_still_refused_with_rasas_words(remote_action):
    from jsonschema import ValidationError

    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        remote_action._validate_action_result({"events": [{"event": "no_such_event"}], "responses": []})
    with pytest.raises(ValidationError):
        remote_action._validate_action_result({"events": "not a list"})
