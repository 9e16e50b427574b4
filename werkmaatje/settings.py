"""The one settings object, read from the environment and an optional `.env` file.

pydantic 1.10 is pinned by Rasa 3.6, so this is pydantic's own `BaseSettings`,
not the separate pydantic-settings package (which needs pydantic 2).
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import List, Optional, Tuple

from pydantic import BaseSettings, Field, root_validator, validator

REPO_ROOT = Path(__file__).resolve().parent.parent
TELEGRAM_PUBLIC_API = "https://api.telegram.org/bot"
DEVELOPMENT_RASA_TOKEN = "dev-only-rasa-token"
DEVELOPMENT_PORTAL_SECRET = "dev-only-portal-secret"


BOT_ROLES = ("all", "webhook", "dispatcher")


def _url_list(value: str) -> List[str]:
    return [part.strip().rstrip("/") for part in value.split(",") if part.strip()]


class SettingsError(ValueError):
    """A setting that makes the product unsafe or unable to start."""


class Settings(BaseSettings):
    environment: str = Field("development", env="WERKMAATJE_ENV")

    telegram_bot_token: Optional[str] = Field(None, env="TELEGRAM_BOT_TOKEN")
    # The part before the token, so a self-hosted Bot API server or a test
    # stand-in can take Telegram's place.
    telegram_api_base_url: str = Field(TELEGRAM_PUBLIC_API, env="TELEGRAM_API_BASE_URL")
    telegram_bot_username: Optional[str] = Field(None, env="TELEGRAM_BOT_USERNAME")
    telegram_mode: str = Field("polling", env="TELEGRAM_MODE")
    telegram_webhook_url: Optional[str] = Field(None, env="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_secret: Optional[str] = Field(None, env="TELEGRAM_WEBHOOK_SECRET")
    telegram_webhook_listen: str = Field("127.0.0.1", env="TELEGRAM_WEBHOOK_LISTEN")
    telegram_webhook_port: int = Field(8443, env="TELEGRAM_WEBHOOK_PORT")
    # The bot's /health and /metrics (bot/health.py); 0 starts no server. Each replica on
    # one host needs its own port; listen on 0.0.0.0 only where Prometheus scrapes from afar.
    bot_metrics_listen: str = Field("127.0.0.1", env="WERKMAATJE_BOT_METRICS_LISTEN")
    bot_metrics_port: int = Field(9102, env="WERKMAATJE_BOT_METRICS_PORT")

    database_url: str = Field(f"sqlite:///{REPO_ROOT / 'var' / 'werkmaatje.db'}", env="DATABASE_URL")
    timezone: str = Field("Europe/Amsterdam", env="WERKMAATJE_TZ")
    gemeenten_dir: Path = Field(REPO_ROOT / "gemeenten", env="WERKMAATJE_GEMEENTEN_DIR")

    rasa_url: str = Field("http://127.0.0.1:5005", env="RASA_URL")
    rasa_token: str = Field(DEVELOPMENT_RASA_TOKEN, env="RASA_TOKEN")
    rasa_model_dir: Path = Field(REPO_ROOT / "models", env="RASA_MODEL_DIR")
    action_server_url: str = Field("http://127.0.0.1:5055", env="ACTION_SERVER_URL")
    # Several Rasa replicas (production profile): comma-separated URLs, each with the
    # action server at the same position in WERKMAATJE_ACTION_SERVER_URLS (or one action
    # server for all). Empty: the one rasa_url and action_server_url above. The bot sends
    # every chat to one replica, chosen by the chat's hash (bot/rasa_client.py).
    rasa_urls: str = Field("", env="WERKMAATJE_RASA_URLS")
    action_server_urls: str = Field("", env="WERKMAATJE_ACTION_SERVER_URLS")
    # Seconds; Rasa trains small models fast but a cold first reply can be slow.
    rasa_timeout: float = Field(30.0, env="RASA_TIMEOUT")
    # How Rasa runs (measured by `make bench`; see the README's Performance section).
    # More than one Sanic worker needs a shared lock store: Redis at redis_url.
    rasa_workers: int = Field(1, env="WERKMAATJE_RASA_WORKERS")
    redis_url: str = Field("redis://127.0.0.1:6379/1", env="WERKMAATJE_REDIS_URL")
    # TensorFlow threads per Rasa worker; the models are small, so more threads only add hand-offs.
    tensorflow_threads: int = Field(1, env="WERKMAATJE_TENSORFLOW_THREADS")
    # A pause this long ends a Rasa conversation session, so a message loads
    # only the current session, never years of history. An hour is one sitting:
    # the weekly nudge and its answer share a session, and what a person was in
    # the middle of (a form, a card, a reminder) is carried into the next one.
    session_minutes: float = Field(60.0, env="WERKMAATJE_SESSION_MINUTES")
    # How often the bot retries messages that waited while Rasa was down.
    inbox_retry_seconds: float = Field(10.0, env="WERKMAATJE_INBOX_RETRY_SECONDS")

    koppelcode_days_valid: int = Field(14, env="WERKMAATJE_KOPPELCODE_DAYS")

    # Scheduled messages. Telegram allows about 30 messages a second overall.
    telegram_max_per_second: float = Field(25.0, env="WERKMAATJE_TELEGRAM_MAX_PER_SECOND")
    dispatch_scan_seconds: float = Field(10.0, env="WERKMAATJE_DISPATCH_SCAN_SECONDS")
    # A row `sending` this long belongs to a dispatcher that died; it must be
    # longer than one send can take (Rasa timeout plus Telegram retries).
    dispatch_sending_timeout_seconds: float = Field(300.0, env="WERKMAATJE_DISPATCH_SENDING_TIMEOUT")
    dispatch_concurrency: int = Field(25, env="WERKMAATJE_DISPATCH_CONCURRENCY")
    # The dispatcher's name on the rows it claims; the same after a restart, so
    # it takes back its own claims at once instead of after the sending timeout.
    # Empty: the host name + "-bot". Two bot processes running at the same time
    # (replicas on one host) each need their own name.
    dispatch_worker: Optional[str] = Field(None, env="WERKMAATJE_DISPATCH_WORKER")
    # What a bot process does. "all": answer updates and run the dispatcher and the
    # scheduled jobs (the embedded default). In the production profile there are several
    # "webhook" replicas, which only answer updates, and one "dispatcher", which sends
    # what is due, plans, mails and cleans up, and takes no updates.
    bot_role: str = Field("all", env="WERKMAATJE_BOT_ROLE")
    # A bot replica holds a chat in the database while it answers it, so that two
    # replicas never answer one chat at once. A replica that dies lets go after this.
    chat_lease_seconds: float = Field(30.0, env="WERKMAATJE_CHAT_LEASE_SECONDS")

    # The production profile (`werkmaatje run --profile production`, cli/production.py):
    # nginx listens here for Telegram's webhook and the portal, ends TLS with the
    # certificate below (without one it speaks plain HTTP: only behind another TLS end),
    # and keeps its generated configuration and pid file in production_run_dir.
    public_listen: str = Field("0.0.0.0:443", env="WERKMAATJE_PUBLIC_LISTEN")
    tls_certificate: Optional[Path] = Field(None, env="WERKMAATJE_TLS_CERTIFICATE")
    tls_certificate_key: Optional[Path] = Field(None, env="WERKMAATJE_TLS_CERTIFICATE_KEY")
    production_run_dir: Path = Field(REPO_ROOT / "var" / "production", env="WERKMAATJE_PRODUCTION_RUN_DIR")
    nginx_binary: str = Field("nginx", env="WERKMAATJE_NGINX")

    portal_host: str = Field("127.0.0.1", env="WERKMAATJE_PORTAL_HOST")
    portal_port: int = Field(8080, env="WERKMAATJE_PORTAL_PORT")
    # Signs the sign-in form's CSRF token; sessions themselves are stored server-side.
    portal_secret_key: str = Field(DEVELOPMENT_PORTAL_SECRET, env="WERKMAATJE_PORTAL_SECRET_KEY")
    # Cookies only over HTTPS; off by default in development (plain http://127.0.0.1).
    portal_secure_cookies: Optional[bool] = Field(None, env="WERKMAATJE_PORTAL_SECURE_COOKIES")

    # E-mail to caseworkers about requests (bot/notifications.py). Without a host
    # nothing is sent; mails wait in the outbox until one is set.
    smtp_host: Optional[str] = Field(None, env="WERKMAATJE_SMTP_HOST")
    smtp_port: int = Field(587, env="WERKMAATJE_SMTP_PORT")
    smtp_username: Optional[str] = Field(None, env="WERKMAATJE_SMTP_USERNAME")
    smtp_password: Optional[str] = Field(None, env="WERKMAATJE_SMTP_PASSWORD")
    # STARTTLS before sign-in; only a server on the same machine may go without.
    smtp_starttls: bool = Field(True, env="WERKMAATJE_SMTP_STARTTLS")
    smtp_timeout: float = Field(20.0, env="WERKMAATJE_SMTP_TIMEOUT")
    mail_from: str = Field("werkmaatje@localhost", env="WERKMAATJE_MAIL_FROM")
    # The portal's address as caseworkers open it, for the links in the mails.
    portal_url: str = Field("http://127.0.0.1:8080", env="WERKMAATJE_PORTAL_URL")
    mail_scan_seconds: float = Field(5.0, env="WERKMAATJE_MAIL_SCAN_SECONDS")
    mail_batch_minutes: float = Field(30.0, env="WERKMAATJE_MAIL_BATCH_MINUTES")

    class Config:
        env_file = ".env"
        env_file_encoding = "utf-8"

    @root_validator(pre=True)
    def _empty_means_default(cls, values: dict) -> dict:  # noqa: N805 (pydantic API)
        # `.env.example` is copied with empty values; empty must mean "use the default".
        return {key: value for key, value in values.items() if value != ""}

    @validator("gemeenten_dir", "rasa_model_dir", "production_run_dir")
    def _relative_to_repo(cls, value: Path) -> Path:  # noqa: N805 (pydantic API)
        return value if value.is_absolute() else REPO_ROOT / value

    @validator("telegram_api_base_url")
    def _strip_trailing_slash(cls, value: str) -> str:  # noqa: N805 (pydantic API)
        return value.rstrip("/")

    @validator("bot_role")
    def _known_role(cls, value: str) -> str:  # noqa: N805 (pydantic API)
        if value not in BOT_ROLES:
            raise ValueError(f"WERKMAATJE_BOT_ROLE moet een van {', '.join(BOT_ROLES)} zijn")
        return value

    @property
    def rasa_replicas(self) -> List[Tuple[str, str]]:
        """(Rasa URL, its action server URL) per Rasa replica, in the configured order."""
        rasa = _url_list(self.rasa_urls) or [self.rasa_url]
        actions = _url_list(self.action_server_urls) or [self.action_server_url]
        if len(actions) == 1:
            actions = actions * len(rasa)
        if len(actions) != len(rasa):
            raise SettingsError(
                "WERKMAATJE_ACTION_SERVER_URLS noemt één actieserver, of één per Rasa in WERKMAATJE_RASA_URLS."
            )
        return list(zip(rasa, actions))

    @property
    def is_development(self) -> bool:
        return self.environment in {"development", "test"}

    def check_secrets(self) -> None:
        """Refuse development defaults for secrets outside development."""
        if not self.is_development and self.rasa_token == DEVELOPMENT_RASA_TOKEN:
            raise SettingsError("Zet RASA_TOKEN op een eigen geheime waarde (WERKMAATJE_ENV is niet development).")
        self.check_portal_secrets()
        if self.telegram_mode == "webhook" and not self.telegram_webhook_secret:
            raise SettingsError("Webhook-modus vraagt TELEGRAM_WEBHOOK_SECRET, zodat alleen Telegram berichten kan sturen.")

    def check_portal_secrets(self) -> None:
        if not self.is_development and self.portal_secret_key == DEVELOPMENT_PORTAL_SECRET:
            raise SettingsError(
                "Zet WERKMAATJE_PORTAL_SECRET_KEY op een eigen geheime waarde (WERKMAATJE_ENV is niet development)."
            )
        if len(self.portal_secret_key) < 16:
            raise SettingsError("WERKMAATJE_PORTAL_SECRET_KEY moet minstens 16 tekens hebben.")

    @property
    def portal_cookies_secure(self) -> bool:
        return self.portal_secure_cookies if self.portal_secure_cookies is not None else not self.is_development

    def deeplink(self, koppelcode: str) -> str:
        username = self.telegram_bot_username or "<botnaam>"
        return f"https://t.me/{username}?start={koppelcode}"


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read settings once per process; tests clear the cache to change them."""
    return Settings()
