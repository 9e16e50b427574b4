"""Municipality configuration: one YAML file per gemeente, validated at start-up.

Several municipalities share one installation (Werkplein Twente serves 14), so
nothing municipality-specific is a constant in code.
"""
from __future__ import annotations

from datetime import time
from pathlib import Path
import re
from typing import Dict, List, Optional

from pydantic import BaseModel, conint, constr, root_validator, validator

from werkmaatje.intake_questions import DEFAULT_ORDER, QUESTIONS
from werkmaatje.texts.calendar import DAY_NAMES, WORKING_DAYS
from werkmaatje.yaml_config import load_model


class GemeenteConfigError(ValueError):
    """A municipality file that cannot be used; the message names file and field."""


class Contact(BaseModel):
    telefoon: constr(strip_whitespace=True, min_length=3)
    bereikbaar: constr(strip_whitespace=True, min_length=3)
    reactietermijn: constr(strip_whitespace=True, min_length=3)
    uitkering: constr(strip_whitespace=True, min_length=3)

    @property
    def reactietermijn_werkdagen(self) -> Optional[int]:
        """The promise as a number ("binnen 2 werkdagen" -> 2), for the portal's "answered in time" chart."""
        match = re.search(r"(\d+)\s*(?:werk)?dag", self.reactietermijn)
        return int(match.group(1)) if match else None


WEEKDAYS = DAY_NAMES


class Sollicitatieafspraak(BaseModel):
    """The default application agreement; a caseworker sets each client's own."""

    aantal: conint(ge=0, le=50) = 4
    periode_weken: conint(ge=1, le=26) = 4


class Rusttijden(BaseModel):
    """When the bot sends nothing of its own accord: evenings, nights and rest days.

    `vanaf` after `tot` means the quiet time runs over midnight (21:00-08:00).
    """

    vanaf: time = time(21, 0)
    tot: time = time(8, 0)
    rustdagen: List[str] = ["zondag"]

    @validator("rustdagen", each_item=True)
    def known_weekday(cls, day: str) -> str:
        if day not in WEEKDAYS:
            raise ValueError(f"'{day}' is geen dag; kies uit {', '.join(WEEKDAYS)}")
        return day

    @root_validator(skip_on_failure=True)
    def not_always_quiet(cls, values):
        if values["vanaf"] == values["tot"] or len(values["rustdagen"]) == len(WEEKDAYS):
            raise ValueError("rusttijden laten geen enkel moment over om berichten te sturen")
        return values


class IntakeConfig(BaseModel):
    """Which intake questions this gemeente asks, in which order (keys of werkmaatje.intake_questions)."""

    vragen: List[str] = None  # None: the default order

    @validator("vragen", pre=True, always=True)
    def known_questions(cls, keys):
        if keys is None:
            return list(DEFAULT_ORDER)
        if not isinstance(keys, list) or not keys:
            raise ValueError("geef minstens één vraag")
        unknown = [key for key in keys if key not in QUESTIONS]
        if unknown:
            raise ValueError(f"onbekende vraag {', '.join(map(str, unknown))}; kies uit {', '.join(QUESTIONS)}")
        if len(set(keys)) != len(keys):
            raise ValueError("elke vraag mag maar één keer in de lijst")
        for key in keys:
            condition = QUESTIONS[key].ask_if
            if condition and (condition[0] not in keys or keys.index(condition[0]) > keys.index(key)):
                raise ValueError(f"vraag '{key}' hangt af van '{condition[0]}', die moet ervoor staan")
        return keys


# The parts of a client's export a gemeente may have to keep by law after erasure
# (keys of storage.export.SECTION_BUILDERS); everything else always goes.
KEEPABLE_SECTIONS = ("client", "applications", "application_agreement", "handoffs", "handoff_notes", "trainings", "consent")


class WettelijkBewaren(BaseModel):
    """One part of the file kept after erasure, how long, and the law that says so."""

    wat: str
    maanden: conint(ge=1, le=240)
    reden: constr(strip_whitespace=True, min_length=5, max_length=300)

    @validator("wat")
    def keepable(cls, wat: str) -> str:
        if wat not in KEEPABLE_SECTIONS:
            raise ValueError(f"'{wat}' kan niet bewaard worden; kies uit {', '.join(KEEPABLE_SECTIONS)}")
        return wat


class PrivacyConfig(BaseModel):
    """Retention per gemeente: chats, closed files, and what the law says to keep after erasure."""

    gesprekken_maanden: conint(ge=1, le=120) = 6
    gesloten_clienten_maanden: conint(ge=1, le=240) = 12
    # Health and obstacles (intake_sensitive_answers) go sooner than the rest.
    gevoelige_antwoorden_maanden: conint(ge=1, le=120) = 12
    wettelijk_bewaren: List[WettelijkBewaren] = []


OFFICE_DAYS = list(WORKING_DAYS)


class Kantooruren(BaseModel):
    """When a klantmanager reads mail; outside these a distress signal also goes to the team address."""

    vanaf: time = time(8, 30)
    tot: time = time(17, 0)
    dagen: List[str] = OFFICE_DAYS

    @validator("dagen", each_item=True)
    def known_weekday(cls, day: str) -> str:
        if day not in WEEKDAYS:
            raise ValueError(f"'{day}' is geen dag; kies uit {', '.join(WEEKDAYS)}")
        return day


class Meldingen(BaseModel):
    """E-mail about requests: the team's shared address, and office hours."""

    teamadres: Optional[constr(strip_whitespace=True, regex=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] = None
    kantooruren: Kantooruren = Kantooruren()
    # The daily digest of requests past half their reactietermijn goes at this time on office days.
    dagoverzicht_om: time = time(8, 30)


class Gemeente(BaseModel):
    id: constr(regex=r"^[a-z][a-z0-9-]{1,39}$")
    naam: constr(strip_whitespace=True, min_length=2, max_length=120)
    contact: Contact
    sollicitatieafspraak: Sollicitatieafspraak = Sollicitatieafspraak()
    rusttijden: Rusttijden = Rusttijden()
    intake: IntakeConfig = IntakeConfig()
    privacy: PrivacyConfig = PrivacyConfig()
    meldingen: Meldingen = Meldingen()


def load_gemeenten(directory: Path) -> Dict[str, Gemeente]:
    """Read and validate every `*.yml` in `directory`, keyed by id."""
    directory = Path(directory)
    files = sorted(directory.glob("*.yml"))
    if not files:
        raise GemeenteConfigError(f"Geen gemeente-bestanden (*.yml) gevonden in {directory}.")
    gemeenten: Dict[str, Gemeente] = {}
    for path in files:
        gemeente = _load_one(path)
        if gemeente.id != path.stem:
            raise GemeenteConfigError(f"{path}: id '{gemeente.id}' moet gelijk zijn aan de bestandsnaam '{path.stem}'.")
        gemeenten[gemeente.id] = gemeente
    return gemeenten


def _load_one(path: Path) -> Gemeente:
    return load_model(path, Gemeente, GemeenteConfigError)
