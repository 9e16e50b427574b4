"""The gemeenten and their training catalogues: read and checked once per process, like the settings.

Every process reads the same folder (`settings.gemeenten_dir`). Reading it once
means one validation at start and no file reads per message or page; an
operator who changes a gemeente file restarts the processes, as for a setting.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional

from werkmaatje.gemeenten import Gemeente, load_gemeenten
from werkmaatje.settings import Settings, get_settings
from werkmaatje.trainings_catalogue import Catalogue, load_catalogues


@dataclass(frozen=True)
class Configuration:
    gemeenten: Dict[str, Gemeente]
    catalogues: Dict[str, Catalogue]

    def gemeente(self, gemeente_id: str) -> Optional[Gemeente]:
        return self.gemeenten.get(gemeente_id)

    def catalogue(self, gemeente_id: str) -> Optional[Catalogue]:
        return self.catalogues.get(gemeente_id)


def load_configuration(directory: Path) -> Configuration:
    """Read and validate both; raises GemeenteConfigError or CatalogueError with the file named."""
    gemeenten = load_gemeenten(directory)
    return Configuration(gemeenten=gemeenten, catalogues=load_catalogues(Path(directory), gemeenten))


@functools.lru_cache(maxsize=None)
def _configuration_in(directory: str) -> Configuration:
    return load_configuration(Path(directory))


def get_configuration(settings: Optional[Settings] = None) -> Configuration:
    """This process's configuration, read on first use."""
    return _configuration_in(str((settings or get_settings()).gemeenten_dir))
