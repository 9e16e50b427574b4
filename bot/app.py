"""Builds the python-telegram-bot Application: every handler registered in one place."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from telegram import BotCommand
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import handlers
from bot.background import BackgroundTasks
from bot.lifecycle import check_role_settings, run_until_stopped, runs_scheduled_jobs, takes_updates
from werkmaatje.texts import chat as texts
from bot.conversations import Conversations
from bot.database import Database, utc_now
from bot.planner import plan_messages
from bot.privacy_jobs import RetentionJob
from bot.dispatch_claims import stable_worker_name
from bot.dispatcher import Dispatcher
from bot.health import HealthServer
from bot.mailer import Mailer
from bot.metrics import BotMetrics
from bot.notifications import Notifier, add_notification_jobs
from bot.rasa_client import RasaClient
from bot.telegram_out import TelegramOut
from bot.telegram_transport import AiohttpRequest
from storage.db import cached_session_factory
from werkmaatje.configuration import get_configuration
from werkmaatje.settings import Settings

logger = logging.getLogger(__name__)

# The planner looks for nudges and follow-ups to plan this often.
PLANNER_EVERY = timedelta(hours=1)
# ptb's rate limiter retries a 429 after Telegram's retry_after, this often.
RETRIES_AFTER_429 = 3
# Answers under way at a stop get this long, side by side with the dispatcher's
# grace: within the 10 s Docker and systemd give before SIGKILL.
ANSWERS_STOP_GRACE_SECONDS = 7.0

MEDIA = (
    filters.PHOTO
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.ANIMATION
    | filters.Sticker.ALL
    | filters.Document.ALL
    | filters.LOCATION
    | filters.VENUE
    | filters.CONTACT
    | filters.POLL
)


@dataclass
class Services:
    db: Database
    rasa: RasaClient
    out: TelegramOut
    conversations: Conversations
    background: BackgroundTasks
    # Only in the roles that run the scheduled jobs (bot.lifecycle.runs_scheduled_jobs).
    dispatcher: Optional[Dispatcher] = None
    scheduler: Optional[AsyncIOScheduler] = None
    health: Optional[HealthServer] = None


def file_base_url(api_base_url: str) -> str:
    """Telegram serves files under /file/bot<token>; mirror that for any base URL."""
    if api_base_url.endswith("/bot"):
        return api_base_url[: -len("/bot")] + "/file/bot"
    return api_base_url + "/file"


def build_application(settings: Settings) -> Application:
    application = (
        Application.builder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(file_base_url(settings.telegram_api_base_url))
        # aiohttp rather than ptb's httpx: the same requests for a quarter of the CPU (bot/telegram_transport.py).
        .request(AiohttpRequest())
        .get_updates_request(AiohttpRequest(connections=1))
        # Chats run side by side; order within one chat comes from its inbox lock.
        .concurrent_updates(True)
        # Telegram allows about 30 messages a second overall; stay below it.
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.telegram_max_per_second, max_retries=RETRIES_AFTER_429))
        .post_init(_start_services(settings))
        # Before ptb closes the Bot's connections: sends under way still need them.
        .post_stop(_stop_dispatching)
        .post_shutdown(_stop_services)
        .build()
    )
    application.add_handler(CommandHandler("start", handlers.on_start))
    application.add_handler(MessageHandler(filters.COMMAND, handlers.on_command))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.on_text))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_handler(MessageHandler(MEDIA, handlers.on_media))
    application.add_error_handler(handlers.on_error)
    return application


def _start_services(settings: Settings):
    async def post_init(application: Application) -> None:
        db = Database(cached_session_factory(settings.database_url))
        rasa = RasaClient.for_replicas(settings.rasa_replicas, settings.rasa_timeout, token=settings.rasa_token)
        out = TelegramOut(application.bot, db)
        metrics = BotMetrics(cached_session_factory(settings.database_url))
        conversations = Conversations(db, rasa, out, settings.inbox_retry_seconds, metrics, lease_seconds=settings.chat_lease_seconds)
        gemeenten = get_configuration(settings).gemeenten
        services = Services(
            db=db, rasa=rasa, out=out, conversations=conversations, background=BackgroundTasks(application)
        )
        application.bot_data["services"] = services
        if takes_updates(settings):
            await application.bot.set_my_commands([BotCommand(name, text) for name, text in texts.COMMANDS])
        # Also answers what waited while the bot or Rasa was down, or what a stopped replica left.
        conversations.start_retrying()
        if runs_scheduled_jobs(settings):
            services.dispatcher = _dispatcher(settings, services, gemeenten)
            services.scheduler = _start_scheduled_jobs(settings, db, services.dispatcher, gemeenten)
        if settings.bot_metrics_port:
            services.health = HealthServer(
                metrics, cached_session_factory(settings.database_url), host=settings.bot_metrics_listen, port=settings.bot_metrics_port
            )
            services.health.start()

    return post_init


RETENTION_FIRST_DELAY = timedelta(hours=1)


def _dispatcher(settings: Settings, services: Services, gemeenten) -> Dispatcher:
    return Dispatcher(
        services.db,
        services.rasa,
        services.out,
        services.conversations,
        gemeenten,
        timezone_name=settings.timezone,
        concurrency=settings.dispatch_concurrency,
        sending_timeout=timedelta(seconds=settings.dispatch_sending_timeout_seconds),
        worker=settings.dispatch_worker or stable_worker_name(),
        send_rate=settings.telegram_max_per_second,
    )


def _start_scheduled_jobs(settings: Settings, db: Database, dispatcher: Dispatcher, gemeenten) -> AsyncIOScheduler:
    planner = Planner(db, gemeenten, settings.timezone)
    scheduler = start_scheduler(dispatcher, planner, settings.dispatch_scan_seconds)
    # Daily; the first run an hour after start-up, not during it.
    scheduler.add_job(
        RetentionJob(db, gemeenten).run, "interval", days=1, next_run_time=datetime.now(timezone.utc) + RETENTION_FIRST_DELAY,
        max_instances=1, coalesce=True, id="retention",
    )
    notifier = Notifier(
        db, Mailer(settings), gemeenten, portal_url=settings.portal_url, sender=settings.mail_from, timezone_name=settings.timezone
    )
    add_notification_jobs(scheduler, notifier, scan_seconds=settings.mail_scan_seconds, batch_minutes=settings.mail_batch_minutes)
    return scheduler


def start_scheduler(dispatcher: Dispatcher, planner: "Planner", scan_seconds: float) -> AsyncIOScheduler:
    """APScheduler runs the periodic scan and the planner; the database says what is
    due, so a restart loses nothing. Both run at once at start-up (overdue rows after
    a restart, a Monday missed while the bot was down)."""
    scheduler = AsyncIOScheduler(timezone=timezone.utc)
    started = datetime.now(timezone.utc)
    scheduler.add_job(
        dispatcher.dispatch_due, "interval", seconds=scan_seconds, next_run_time=started,
        max_instances=1, coalesce=True, id="dispatch-scheduled-messages",
    )
    scheduler.add_job(
        planner.plan, "interval", seconds=PLANNER_EVERY.total_seconds(), next_run_time=started,
        max_instances=1, coalesce=True, id="plan-scheduled-messages",
    )
    scheduler.start()
    return scheduler


class Planner:
    """Runs bot/planner.py's storage work off the event loop."""

    def __init__(self, db: Database, gemeenten, timezone_name: str) -> None:
        self._db = db
        self._gemeenten = gemeenten
        self._timezone = timezone_name

    async def plan(self) -> int:
        return await self._db(plan_messages, now=utc_now(), gemeenten=self._gemeenten, timezone_name=self._timezone)


async def _stop_dispatching(application: Application) -> None:
    """SIGTERM: answers under way finish, and claimed rows not yet under way go back to pending.

    Side by side, so both fit in one grace. A stopped answer stays pending in the inbox.
    """
    services: Optional[Services] = application.bot_data.get("services")
    if services is None:
        return
    stopping = [services.background.finish(ANSWERS_STOP_GRACE_SECONDS)]
    if services.dispatcher is not None:
        stopping.append(services.dispatcher.stop())
    await asyncio.gather(*stopping)


async def _stop_services(application: Application) -> None:
    services: Services = application.bot_data.get("services")
    if services is not None:
        # Idempotent: also for a stop that skipped post_stop (ptb calls it only after a started run).
        if services.dispatcher is not None:
            await services.dispatcher.stop()
        if services.health is not None:
            await asyncio.to_thread(services.health.stop)
        if services.scheduler is not None:
            services.scheduler.shutdown(wait=False)
        await services.conversations.stop_retrying()
        await services.rasa.close()


def run_bot(settings: Settings) -> None:
    """Run until Ctrl-C / SIGTERM in the role `settings.bot_role` gives (bot/lifecycle.py)."""
    check_role_settings(settings)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # A scan that outlasts its interval is normal under load; APScheduler would warn every interval.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    asyncio.run(run_until_stopped(build_application(settings), settings))
