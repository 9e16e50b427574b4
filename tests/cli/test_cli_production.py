"""`werkmaatje run --profile production`: what it refuses, what it starts, and nginx's configuration."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli import nginx
from cli.production import Topology, production_services, redis_answers
from cli.supervisor import Service, Supervisor
from testing.production import RedisServer, free_port_block
from werkmaatje.settings import REPO_ROOT, Settings

WERKMAATJE = [sys.executable, "-m", "cli"]
SECRET = "a-webhook-secret_1"


@pytest.fixture
def env(tmp_path):
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        WERKMAATJE_ENV="test",
        TELEGRAM_BOT_TOKEN="123456:TEST",
        DATABASE_URL="postgresql://postgres@127.0.0.1:5432/test",
        TELEGRAM_WEBHOOK_URL="https://werkmaatje.example/telegram",
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        WERKMAATJE_REDIS_URL=f"redis://127.0.0.1:{free_port_block(1)}/1",
        WERKMAATJE_PRODUCTION_RUN_DIR=str(tmp_path / "run"),
    )
    return env


def production(env, **changes):
    env = {**env, **changes}
    return subprocess.run(
        WERKMAATJE + ["run", "--profile", "production"], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )


def assert_one_line_refusal(result, *words):
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr
    for word in words:
        assert word in result.stderr


def test_refuses_to_start_while_redis_is_down(env):
    # The port was free a moment ago: nothing answers there.
    assert_one_line_refusal(production(env), "Redis", env["WERKMAATJE_REDIS_URL"])


def test_refuses_sqlite_a_webhook_without_path_or_secret(env, tmp_path):
    assert_one_line_refusal(production(env, DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}"), "PostgreSQL")
    assert_one_line_refusal(production(env, TELEGRAM_WEBHOOK_URL="https://werkmaatje.example/"), "TELEGRAM_WEBHOOK_URL")
    assert_one_line_refusal(production(env, TELEGRAM_WEBHOOK_SECRET='bad"secret'), "TELEGRAM_WEBHOOK_SECRET")
    assert_one_line_refusal(production(env, WERKMAATJE_TLS_CERTIFICATE=str(tmp_path / "cert.pem")), "TLS")


def test_redis_ping_tells_up_from_down(tmp_path):
    redis = RedisServer(tmp_path / "redis.log")
    assert not redis_answers(redis.url)
    redis.start()
    try:
        deadline = time.monotonic() + 20
        while not redis_answers(redis.url):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)
    finally:
        redis.stop()
    assert not redis_answers(redis.url)


def production_settings(tmp_path: Path, **changes) -> Settings:
    return Settings(
        database_url="postgresql://postgres@127.0.0.1:5432/test",
        telegram_webhook_url="https://werkmaatje.example/telegram",
        telegram_webhook_secret=SECRET,
        telegram_webhook_port=18443,
        rasa_url="http://127.0.0.1:15005",
        action_server_url="http://127.0.0.1:15055",
        bot_metrics_port=19102,
        production_run_dir=tmp_path / "run",
        **changes,
    )


def test_services_count_ports_up_and_pair_each_rasa_with_its_action_server(tmp_path):
    services = {s.name: s for s in production_services(production_settings(tmp_path), Path("model.tar.gz"), Topology(3, 2))}
    assert set(services) == {
        "actieserver-1", "actieserver-2", "actieserver-3", "rasa-1", "rasa-2", "rasa-3",
        "bot-1", "bot-2", "dispatcher", "portaal", "nginx",
    }
    assert all(service.restart for service in services.values())
    assert "15007" in services["rasa-3"].command and "15057" in services["actieserver-3"].command
    assert services["rasa-3"].env == {"WERKMAATJE_ACTION_ENDPOINT": "http://127.0.0.1:15057/webhook", "WERKMAATJE_LOCK_STORE": "redis"}
    bot = services["bot-2"].env
    assert (bot["WERKMAATJE_BOT_ROLE"], bot["TELEGRAM_WEBHOOK_PORT"], bot["WERKMAATJE_BOT_METRICS_PORT"]) == ("webhook", "18444", "19103")
    assert bot["WERKMAATJE_RASA_URLS"].split(",") == [f"http://127.0.0.1:{p}" for p in (15005, 15006, 15007)]
    assert bot["WERKMAATJE_ACTION_SERVER_URLS"].split(",") == [f"http://127.0.0.1:{p}" for p in (15055, 15056, 15057)]
    dispatcher = services["dispatcher"].env
    assert dispatcher["WERKMAATJE_BOT_ROLE"] == "dispatcher" and dispatcher["WERKMAATJE_BOT_METRICS_PORT"] == "19104"
    assert dispatcher["WERKMAATJE_DISPATCH_WORKER"].endswith("-dispatcher")
    config = tmp_path / "run" / "nginx.conf"
    assert (config.stat().st_mode & 0o777) == 0o600
    text = config.read_text()
    assert "server 127.0.0.1:18443" in text and "server 127.0.0.1:18444" in text and "location = /telegram" in text


def test_nginx_accepts_the_configuration_with_and_without_tls(tmp_path):
    for name, certificate in (("plain", None), ("tls", tmp_path / "cert.pem")):
        run_dir = tmp_path / name
        if certificate is not None:
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=werkmaatje.example",
                 "-keyout", str(tmp_path / "key.pem"), "-out", str(certificate)],
                check=True, capture_output=True,
            )
        text = nginx.render(
            run_dir=run_dir, listen="127.0.0.1:18443", bot_ports=[18444, 18445], portal_address="127.0.0.1:18080",
            webhook_path="/telegram", webhook_secret=SECRET,
            tls_certificate=certificate, tls_certificate_key=tmp_path / "key.pem" if certificate else None,
        )
        config = nginx.write_config(run_dir, text)
        checked = subprocess.run(["nginx", "-t", "-p", str(run_dir), "-c", str(config)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        assert ("listen 127.0.0.1:18443 ssl;" in text) == (certificate is not None)


def _port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_a_replica_that_dies_is_restarted_and_the_rest_runs_on(tmp_path):
    marker = tmp_path / "starts"
    replica = [sys.executable, "-c", f"open({str(marker)!r}, 'a').write('x'); raise SystemExit(1)"]
    steady = [sys.executable, "-c", "import time; time.sleep(60)"]
    supervisor = Supervisor([Service("replica", replica, restart=True), Service("steady", steady)], dict(os.environ))
    supervisor.start()
    try:
        steady_process = supervisor._services[1].process
        deadline = time.monotonic() + 20
        # 1 s, then 2 s later: three starts in about 4 s, while the steady one keeps running.
        while not (marker.exists() and len(marker.read_text()) >= 3):
            assert time.monotonic() < deadline, "the replica was not restarted"
            for service in supervisor._services:
                if service.process.poll() is not None and service.restart:
                    supervisor._restart_when_due(service, service.process.returncode)
            time.sleep(0.1)
        assert steady_process.poll() is None
    finally:
        supervisor.stop()
