"""Training catalogues: one YAML file per municipality in gemeenten/trainingen/, validated at start-up.

A catalogue says which trainings and workshops a gemeente offers, in B1 Dutch,
and for whom (the target profile, matched against the intake by
werkmaatje.training_matching). Editions with dates, places and capacity are
planned by a klantmanager (`werkmaatje training plan`) and live in the database.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterable, List, Optional

from pydantic import BaseModel, conint, constr, validator
from werkmaatje.yaml_config import load_model

CATALOGUE_FOLDER = "trainingen"
# Hours before each session that a reminder goes out, for a catalogue that names none.
DEFAULT_REMINDER_HOURS = (24, 2)

AGE_BANDS = ("18-26", "27-44", "45-54", "55+")
BENEFIT_DURATIONS = ("<1", "1-3", ">3")
LANGUAGE_LEVELS = ("goed", "redelijk", "matig", "slecht")
SECTORS = (
    "zorg", "techniek", "logistiek", "bouw", "horeca", "schoonmaak", "detailhandel",
    "groen", "administratief", "ict", "productie", "transport", "onderwijs", "overig",
)


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; the message names file and field."""


def _all_known(values: List[str], allowed: Iterable[str], what: str) -> List[str]:
    for value in values:
        if value not in allowed:
            raise ValueError(f"'{value}' is geen {what}; kies uit {', '.join(allowed)}")
    return values


class Doelgroep(BaseModel):
    """Who a training is for. Every field given must hold; an empty doelgroep means everyone.

    Lists mean "one of these"; `trede_van`/`trede_tot` bound the participation
    ladder step (1..6) inclusively.
    """

    leeftijd: List[str] = []
    uitkeringsduur: List[str] = []
    trede_van: Optional[conint(ge=1, le=6)] = None
    trede_tot: Optional[conint(ge=1, le=6)] = None
    wil_training: Optional[bool] = None
    sectoren: List[str] = []
    taalniveau: List[str] = []

    class Config:
        extra = "forbid"

    _leeftijd = validator("leeftijd", allow_reuse=True)(lambda v: _all_known(v, AGE_BANDS, "leeftijdsgroep"))
    _duur = validator("uitkeringsduur", allow_reuse=True)(lambda v: _all_known(v, BENEFIT_DURATIONS, "uitkeringsduur"))
    _sectoren = validator("sectoren", allow_reuse=True)(lambda v: _all_known(v, SECTORS, "sector"))
    _taal = validator("taalniveau", allow_reuse=True)(lambda v: _all_known(v, LANGUAGE_LEVELS, "taalniveau"))

    @validator("trede_tot")
    def _range_in_order(cls, value, values):  # noqa: N805 (pydantic API)
        low = values.get("trede_van")
        if value is not None and low is not None and value < low:
            raise ValueError("trede_tot moet groter of gelijk zijn aan trede_van")
        return value

    def is_empty(self) -> bool:
        return not (
            self.leeftijd or self.uitkeringsduur or self.trede_van or self.trede_tot
            or self.wil_training is not None or self.sectoren or self.taalniveau
        )


class Training(BaseModel):
    id: constr(regex=r"^[a-z][a-z0-9-]{1,39}$")
    titel: constr(strip_whitespace=True, min_length=3, max_length=80)
    omschrijving: constr(strip_whitespace=True, min_length=10, max_length=600)
    meenemen: constr(strip_whitespace=True, min_length=2, max_length=200)
    verplicht: bool = False
    # May a client sign up in the chat ("welke cursussen zijn er?"), or only on invitation?
    zelf_aanmelden: bool = False
    # Clients without a finished intake have no profile to match. A training
    # open to them (e.g. the newcomers' workshop) says so here.
    zonder_intake: bool = False
    doelgroep: Doelgroep = Doelgroep()

    class Config:
        extra = "forbid"

    def edition_fields(self) -> dict:
        """What an edition copies from the catalogue, so a later catalogue edit never rewrites a planned one."""
        return {
            "training_id": self.id,
            "titel": self.titel,
            "omschrijving": self.omschrijving,
            "meenemen": self.meenemen,
            "verplicht": self.verplicht,
            "zelf_aanmelden": self.zelf_aanmelden,
        }


class Catalogue(BaseModel):
    gemeente: constr(regex=r"^[a-z][a-z0-9-]{1,39}$")
    # Hours before each session that a reminder goes out (moved out of quiet hours).
    herinneringen_uren_voor: List[conint(ge=1, le=168)] = list(DEFAULT_REMINDER_HOURS)
    trainingen: List[Training]

    class Config:
        extra = "forbid"

    @validator("trainingen")
    def _unique_ids(cls, trainingen: List[Training]) -> List[Training]:  # noqa: N805 (pydantic API)
        seen = set()
        for training in trainingen:
            if training.id in seen:
                raise ValueError(f"training-id '{training.id}' komt twee keer voor")
            seen.add(training.id)
        return trainingen

    def training(self, training_id: str) -> Optional[Training]:
        return next((t for t in self.trainingen if t.id == training_id), None)


def catalogue_dir(gemeenten_dir: Path) -> Path:
    return Path(gemeenten_dir) / CATALOGUE_FOLDER


def load_catalogues(gemeenten_dir: Path, gemeente_ids: Iterable[str]) -> Dict[str, Catalogue]:
    """Every catalogue in gemeenten/trainingen/, keyed by gemeente; each must belong to a known gemeente.

    A gemeente without a file simply offers no trainings yet.
    """
    known = set(gemeente_ids)
    catalogues: Dict[str, Catalogue] = {}
    for path in sorted(catalogue_dir(gemeenten_dir).glob("*.yml")):
        catalogue = _load_one(path)
        if catalogue.gemeente != path.stem:
            raise CatalogueError(f"{path}: gemeente '{catalogue.gemeente}' moet gelijk zijn aan de bestandsnaam '{path.stem}'.")
        if catalogue.gemeente not in known:
            raise CatalogueError(f"{path}: gemeente '{catalogue.gemeente}' heeft geen bestand in {gemeenten_dir}.")
        catalogues[catalogue.gemeente] = catalogue
    return catalogues


def _load_one(path: Path) -> Catalogue:
    return load_model(path, Catalogue, CatalogueError)
