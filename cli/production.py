"""`werkmaatje run --profile production`: replicas behind nginx, on PostgreSQL and Redis.

The embedded profile (`make run`) runs one of each on SQLite. The production
profile runs, under the same supervisor:

- N Rasa servers, each with its own action server, sharing the PostgreSQL tracker
  store and a Redis lock store (Rasa's own way to scale);
- M bot replicas in webhook mode (role "webhook"), behind nginx;
- one bot in role "dispatcher" for scheduled messages, plans, mails and clean-up;
- the portal, also behind nginx;
- nginx, which ends TLS and balances Telegram's webhook over the bot replicas.

Each bot sends a chat to one Rasa replica, by the chat's hash (bot/rasa_client.py), and
holds the chat in the database while it answers (bot/conversations.py), so no two
replicas ever work on one conversation at once. A replica that dies is restarted; the
others go on. Ports are the configured ones counted up: Rasa 5005, 5006, ...; action
servers 5055, 5056, ...; bot replicas TELEGRAM_WEBHOOK_PORT, +1, ...
"""
from __future__ import annotations

import shutil
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List
from urllib.parse import urlsplit, urlunsplit

from cli import nginx
from cli.common import OperatorError
from cli.portal import portal_command
from cli.supervisor import Service, action_server_command, bot_command, rasa_command
from werkmaatje.settings import Settings
from werkmaatje.texts import operator as operator_texts

REDIS_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Topology:
    rasa_replicas: int = 2
    bot_replicas: int = 2


def _with_port(url: str, offset: int) -> str:
    parts = urlsplit(url)
    port = (parts.port or (443 if parts.scheme == "https" else 80)) + offset
    return urlunsplit((parts.scheme, f"{parts.hostname}:{port}", parts.path, parts.query, parts.fragment))


def replica_urls(settings: Settings, topology: Topology) -> List[tuple]:
    """(Rasa URL, action server URL) per Rasa replica, counting up from the configured ports."""
    return [
        (_with_port(settings.rasa_url, index), _with_port(settings.action_server_url, index))
        for index in range(topology.rasa_replicas)
    ]


def webhook_path(settings: Settings) -> str:
    return urlsplit(settings.telegram_webhook_url or "").path


def redis_answers(url: str) -> bool:
    """A PING to Redis, without a client library: True when it answers PONG."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), REDIS_TIMEOUT_SECONDS) as connection:
            connection.settimeout(REDIS_TIMEOUT_SECONDS)
            connection.sendall(b"PING\r\n")
            return connection.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def check_production(settings: Settings, topology: Topology) -> None:
    """Refuse to start, with one clear line, what cannot run safely as replicas."""
    settings.check_secrets()
    if not settings.database_url.startswith("postgresql"):
        raise OperatorError(operator_texts.PRODUCTION_NEEDS_POSTGRES)
    if topology.rasa_replicas < 1 or topology.bot_replicas < 1:
        raise OperatorError(operator_texts.PRODUCTION_NEEDS_REPLICAS)
    if not settings.telegram_webhook_url or webhook_path(settings) in ("", "/"):
        raise OperatorError(operator_texts.PRODUCTION_NEEDS_WEBHOOK_URL)
    if not nginx.SECRET_TOKEN.match(settings.telegram_webhook_secret or ""):
        raise OperatorError(operator_texts.PRODUCTION_NEEDS_WEBHOOK_SECRET)
    if (settings.tls_certificate is None) != (settings.tls_certificate_key is None):
        raise OperatorError(operator_texts.PRODUCTION_TLS_PAIR)
    for path in (settings.tls_certificate, settings.tls_certificate_key):
        if path is not None and not Path(path).is_file():
            raise OperatorError(operator_texts.PRODUCTION_TLS_MISSING.format(pad=path))
    if shutil.which(settings.nginx_binary) is None:
        raise OperatorError(operator_texts.PRODUCTION_NEEDS_NGINX.format(nginx=settings.nginx_binary))
    if not redis_answers(settings.redis_url):
        raise OperatorError(operator_texts.PRODUCTION_NEEDS_REDIS.format(redis=settings.redis_url))


def _bot_env(settings: Settings, replicas: List[tuple], role: str, metrics_port: int) -> Dict[str, str]:
    return {
        "WERKMAATJE_BOT_ROLE": role,
        "TELEGRAM_MODE": "webhook",
        "WERKMAATJE_RASA_URLS": ",".join(rasa for rasa, _ in replicas),
        "WERKMAATJE_ACTION_SERVER_URLS": ",".join(actions for _, actions in replicas),
        "WERKMAATJE_BOT_METRICS_PORT": str(metrics_port),
    }


def production_services(settings: Settings, model: Path, topology: Topology) -> List[Service]:
    """Every process of the production profile, in start order (nginx last: it needs the others)."""
    replicas = replica_urls(settings, topology)
    services: List[Service] = []
    for index, (rasa_url, actions_url) in enumerate(replicas, start=1):
        replica = settings.copy(update={"rasa_url": rasa_url, "action_server_url": actions_url})
        services.append(Service(f"actieserver-{index}", action_server_command(replica), restart=True))
        services.append(
            Service(
                f"rasa-{index}",
                rasa_command(replica, model),
                env={"WERKMAATJE_ACTION_ENDPOINT": f"{actions_url}/webhook", "WERKMAATJE_LOCK_STORE": "redis"},
                restart=True,
            )
        )
    metrics = settings.bot_metrics_port
    bot_ports = [settings.telegram_webhook_port + index for index in range(topology.bot_replicas)]
    for index, port in enumerate(bot_ports):
        env = _bot_env(settings, replicas, "webhook", metrics + index if metrics else 0)
        env.update({"TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1", "TELEGRAM_WEBHOOK_PORT": str(port)})
        services.append(Service(f"bot-{index + 1}", bot_command(), env=env, restart=True))
    dispatcher_env = _bot_env(settings, replicas, "dispatcher", metrics + len(bot_ports) if metrics else 0)
    # Its own stable name: a restarted dispatcher takes back its own claims at once.
    dispatcher_env["WERKMAATJE_DISPATCH_WORKER"] = f"{socket.gethostname()}-dispatcher"
    services.append(Service("dispatcher", bot_command(), env=dispatcher_env, restart=True))
    services.append(Service("portaal", portal_command(), restart=True))
    config = nginx.write_config(
        settings.production_run_dir,
        nginx.render(
            run_dir=settings.production_run_dir,
            listen=settings.public_listen,
            bot_ports=bot_ports,
            portal_address=f"{settings.portal_host}:{settings.portal_port}",
            webhook_path=webhook_path(settings),
            webhook_secret=settings.telegram_webhook_secret,
            tls_certificate=settings.tls_certificate,
            tls_certificate_key=settings.tls_certificate_key,
        ),
    )
    services.append(Service("nginx", nginx.nginx_command(settings.nginx_binary, settings.production_run_dir, config), restart=True))
    return services
