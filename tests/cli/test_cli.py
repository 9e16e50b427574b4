"""The `werkmaatje` command as an operator uses it: real processes, a real SQLite file."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from cli.supervisor import EXIT_CHILD_DIED, Service, Supervisor
from werkmaatje.settings import REPO_ROOT

WERKMAATJE = [sys.executable, "-m", "cli"]


@pytest.fixture
def env(tmp_path):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}",
        TELEGRAM_BOT_TOKEN="",
        TELEGRAM_BOT_USERNAME="werkmaatje_test_bot",
        RASA_TELEMETRY_ENABLED="false",
    )
    return env


def werkmaatje(env, *args, check=True):
    result = subprocess.run(WERKMAATJE + list(args), env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_client_add_json_and_export(env):
    werkmaatje(env, "caseworker", "add", "--gemeente", "enschede", "--naam", "Sanne Bakker", "--email", "Sanne@Enschede.example")
    created = json.loads(
        werkmaatje(env, "client", "add", "--gemeente", "enschede", "--naam", "Jan <b>Smit</b>", "--klantmanager", "sanne@enschede.example", "--json").stdout
    )
    assert set(created) == {"client_id", "koppelcode", "deeplink"}
    assert created["deeplink"] == f"https://t.me/werkmaatje_test_bot?start={created['koppelcode']}"

    exported = json.loads(werkmaatje(env, "export", created["client_id"]).stdout)
    assert exported["client"]["naam"] == "Jan <b>Smit</b>"
    assert exported["klantmanager"]["email"] == "sanne@enschede.example"
    assert exported["consent"] == [] and exported["handoffs"] == []
    assert created["koppelcode"] not in json.dumps(exported)


def test_unknown_gemeente_and_client_are_one_line_errors(env):
    result = werkmaatje(env, "client", "add", "--gemeente", "atlantis", "--naam", "X", check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "atlantis" in result.stderr
    result = werkmaatje(env, "export", "wm-bestaatniet", check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr and "bestaat niet" in result.stderr


def test_run_without_token_prints_one_hint_line(env):
    result = werkmaatje(env, "run", check=False)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "make chat" in result.stderr


def _sleeper(seconds, marker="werkmaatje-test-child"):
    return [sys.executable, "-c", f"import time; time.sleep({seconds})", marker]


def test_supervisor_stops_the_others_when_one_dies():
    supervisor = Supervisor(
        [Service("a", _sleeper(60)), Service("b", [sys.executable, "-c", "raise SystemExit(7)"]), Service("c", _sleeper(60))],
        dict(os.environ),
    )
    started = time.monotonic()
    assert supervisor.run() == EXIT_CHILD_DIED
    assert time.monotonic() - started < 30
    assert all(service.process.poll() is not None for service in supervisor._services)


def test_run_stops_all_children_on_ctrl_c(tmp_path):
    marker = f"werkmaatje-ctrl-c-{os.getpid()}"
    script = tmp_path / "supervise.py"
    script.write_text(
        "import sys\n"
        "from cli.supervisor import Service, Supervisor\n"
        f"services = [Service('x', {_sleeper(60, marker)!r}), Service('y', {_sleeper(60, marker)!r})]\n"
        "sys.exit(Supervisor(services, {}).run())\n"
    )
    process = subprocess.Popen([sys.executable, str(script)], cwd=REPO_ROOT)
    time.sleep(2)
    assert _processes_with(marker) == 2
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
    assert _processes_with(marker) == 0


def _processes_with(marker):
    result = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True)
    return len(result.stdout.split())
