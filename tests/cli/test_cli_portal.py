"""`werkmaatje portal`, `werkmaatje run`'s fourth process, portal passwords and the demo-data guard, as an operator runs them."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from cli.main import product_services
from werkmaatje.settings import REPO_ROOT, Settings

WERKMAATJE = [sys.executable, "-m", "cli"]


@pytest.fixture
def env(tmp_path):
    env = dict(os.environ)
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}", TELEGRAM_BOT_TOKEN="", RASA_TELEMETRY_ENABLED="false", WERKMAATJE_ENV="development")
    return env


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_run_starts_the_portal_as_fourth_process():
    services = product_services(Settings(), Path("models/x.tar.gz"))
    assert [s.name for s in services] == ["rasa", "actieserver", "telegram-bot", "portaal"]
    assert services[-1].command == [sys.executable, "-m", "portal"]


def _started_portal(env):
    """`werkmaatje portal` on a free port, once it answers; returns (process, port, sign-in page)."""
    port = _port()
    env.update(WERKMAATJE_PORTAL_PORT=str(port))
    process = subprocess.Popen(WERKMAATJE + ["portal"], env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 90
    while True:
        assert process.poll() is None, process.stdout.read().decode()
        try:
            return process, port, httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
        except httpx.HTTPError:
            assert time.monotonic() < deadline, "portal did not come up"
            time.sleep(0.2)


def test_werkmaatje_portal_serves_the_sign_in_page_and_stops_on_ctrl_c(env):
    process, _port_number, response = _started_portal(env)
    try:
        assert response.status_code == 200 and "<h1>Inloggen</h1>" in response.text
        assert "httponly" in response.headers["set-cookie"].lower()
    finally:
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=30) == 0


def test_sigterm_to_werkmaatje_portal_stops_the_portal_and_leaves_no_child(env):
    process, port, _response = _started_portal(env)
    try:
        process.send_signal(signal.SIGTERM)  # to the one pid, as systemd or a supervisor sends it
        # uvicorn shuts down cleanly, then re-raises SIGTERM so the exit status tells why it stopped.
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)
        assert "Shutting down" in process.stdout.read().decode()
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def test_portal_refuses_the_default_secret_outside_development(env):
    env.update(WERKMAATJE_ENV="production", WERKMAATJE_PORTAL_SECRET_KEY="")
    result = subprocess.run([sys.executable, "-m", "portal"], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "WERKMAATJE_PORTAL_SECRET_KEY" in result.stderr and "Traceback" not in result.stderr
    result = subprocess.run(WERKMAATJE + ["portal"], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "WERKMAATJE_PORTAL_SECRET_KEY" in result.stderr and "Traceback" not in result.stderr


def test_caseworker_password_then_sign_in(env):
    from storage.db import make_engine, session_factory, unit_of_work
    from storage.portal.accounts import attempt_login
    from storage.timestamps import utc_now

    subprocess.run(WERKMAATJE + ["caseworker", "add", "--gemeente", "hengelo", "--naam", "Joost", "--email", "Joost@Hengelo.example", "--rol", "teamleider"],
                   env=env, cwd=REPO_ROOT, check=True, capture_output=True, timeout=120)
    short = subprocess.run(WERKMAATJE + ["caseworker", "password", "joost@hengelo.example", "--stdin"], input="kort\n",
                           env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert short.returncode != 0 and "Traceback" not in short.stderr
    result = subprocess.run(WERKMAATJE + ["caseworker", "password", "joost@hengelo.example", "--stdin"], input="een-goed-wachtwoord\n",
                            env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    engine = make_engine(env["DATABASE_URL"])
    try:
        with unit_of_work(session_factory(engine)) as s:
            assert attempt_login(s, email="JOOST@hengelo.example", password="een-goed-wachtwoord", remote="cli", now=utc_now()).ok
            assert not attempt_login(s, email="joost@hengelo.example", password="kort", remote="cli", now=utc_now()).ok
    finally:
        engine.dispose()


def test_demo_data_only_in_development(env):
    env.update(WERKMAATJE_ENV="production")
    result = subprocess.run(WERKMAATJE + ["demo-data"], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "development" in result.stderr and "Traceback" not in result.stderr
