"""A real portal process on demo data, driven by Debian's chromium through Playwright.

Playwright never downloads a browser here: it launches /usr/bin/chromium
(`make install` installs it when missing). Screenshots go to tests/artifacts/.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from werkmaatje.settings import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
DEMO_PASSWORD = "werkmaatje-demo-2026"
START_DEADLINE_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def portal_url(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} ontbreekt: draai `make install` (installeert chromium).", pytrace=False)
    folder = tmp_path_factory.mktemp("portal-browser")
    port = _free_port()
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'portal.db'}",
        WERKMAATJE_ENV="development",
        WERKMAATJE_PORTAL_PORT=str(port),
        WERKMAATJE_PORTAL_HOST="127.0.0.1",
        TELEGRAM_BOT_USERNAME="werkmaatje_test_bot",
    )
    subprocess.run([sys.executable, "-m", "cli", "demo-data"], env=env, cwd=REPO_ROOT, check=True, capture_output=True, timeout=300)
    log = open(folder / "portal.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "portal"], env=env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"portal stopte: {(folder / 'portal.log').read_text()[-2000:]}", pytrace=False)
            try:
                if httpx.get(url + "/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("portal kwam niet op", pytrace=False)
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def chromium():
    """Module scope on purpose: Playwright's sync API keeps an asyncio loop running in this
    thread while it is open, and later tests that call asyncio.run() (actions, e2e) must not see it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium, request):
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()
    # A script that ran (e.g. from an employer called "<script>alert('x')</script>") would show here.
    assert dialogs == [], f"a dialog opened: {dialogs}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, url: str, email: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
