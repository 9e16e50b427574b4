"""`python -m portal` (and `werkmaatje portal`): serve the caseworker portal with uvicorn."""
from __future__ import annotations

import logging
import sys


def main() -> int:
    import uvicorn

    from portal.app import create_app
    from storage import gemeenten as gemeente_rows
    from storage.db import cached_session_factory, run_migrations, unit_of_work
    from werkmaatje.gemeenten import GemeenteConfigError, load_gemeenten
    from werkmaatje.settings import SettingsError, get_settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = get_settings()
        settings.check_portal_secrets()
        configured = load_gemeenten(settings.gemeenten_dir)
    except (SettingsError, GemeenteConfigError) as error:
        print(f"werkmaatje portal: {error}", file=sys.stderr)
        return 1
    run_migrations(settings.database_url)
    factory = cached_session_factory(settings.database_url)
    with unit_of_work(factory) as session:
        for gemeente in configured.values():
            gemeente_rows.upsert_gemeente(session, gemeente.id, gemeente.naam)
    app = create_app(settings, factory, configured)
    # proxy_headers off: behind a reverse proxy, set --forwarded-allow-ips there instead of trusting anyone.
    # ws="none": the portal has no websockets, and Rasa pins a websockets too old for uvicorn's own.
    uvicorn.run(app, host=settings.portal_host, port=settings.portal_port, proxy_headers=False, ws="none", log_level="info")
    return 0


if __name__ == "__main__":
    sys.exit(main())
