"""nginx's configuration for the production profile, from deploy/nginx.conf.template."""
from __future__ import annotations

import os
import re
from pathlib import Path
from string import Template
from typing import List, Optional, Sequence

from werkmaatje.settings import REPO_ROOT

TEMPLATE = REPO_ROOT / "deploy" / "nginx.conf.template"
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
# Telegram allows only these characters in a webhook's secret token, which also keeps
# the secret from breaking out of its quotes in nginx's configuration.
SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def render(
    *,
    run_dir: Path,
    listen: str,
    bot_ports: Sequence[int],
    portal_address: str,
    webhook_path: str,
    webhook_secret: str,
    tls_certificate: Optional[Path] = None,
    tls_certificate_key: Optional[Path] = None,
) -> str:
    """The configuration text; the caller has checked the secret with SECRET_TOKEN."""
    servers: List[str] = [f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in bot_ports]
    if tls_certificate is not None:
        tls = (
            f"        ssl_certificate {tls_certificate};\n"
            f"        ssl_certificate_key {tls_certificate_key};\n"
            "        ssl_protocols TLSv1.2 TLSv1.3;"
        )
        listen = f"{listen} ssl"
    else:
        tls = "        # No certificate configured: plain HTTP, for behind another TLS end only."
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        run_dir=run_dir,
        listen=listen,
        bot_servers="\n".join(servers),
        bot_count=len(bot_ports),
        portal_address=portal_address,
        webhook_path=webhook_path,
        webhook_secret=webhook_secret,
        tls=tls,
    )


def write_config(run_dir: Path, text: str) -> Path:
    """Write the configuration readable by its owner only: it holds the webhook secret."""
    run_dir.mkdir(parents=True, exist_ok=True)
    for name in TEMP_DIRS:
        (run_dir / name).mkdir(exist_ok=True)
    path = run_dir / "nginx.conf"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as config:
        config.write(text)
    os.chmod(path, 0o600)
    return path


def nginx_command(binary: str, run_dir: Path, config: Path) -> List[str]:
    return [binary, "-p", str(run_dir), "-c", str(config)]
