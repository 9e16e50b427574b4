"""Does a client's intake profile fit a training's target group? A pure function, no database.

The profile is the dict storage.intake.profile_for_matching returns, or None
when the client has no finished intake. Rules:

- every criterion the target names must hold; an empty target fits everyone;
- a criterion the profile leaves open (None, "liever persoonlijk bespreken")
  does not hold: we never invite someone on a guess;
- without a finished intake only trainings for everyone (no target) and
  trainings marked `zonder_intake` fit (such as the newcomers' workshop
  "rechten en plichten"); the klantmanager can still invite anyone by hand
  with --client.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from werkmaatje.trainings_catalogue import Doelgroep, Training


def fits(target: Doelgroep, profile: Optional[Mapping[str, Any]]) -> bool:
    """True if the profile meets every criterion of the target."""
    if target.is_empty():
        return True
    if profile is None:
        return False
    if target.leeftijd and profile.get("age_band") not in target.leeftijd:
        return False
    if target.uitkeringsduur and profile.get("benefit_duration") not in target.uitkeringsduur:
        return False
    step = profile.get("ladder_step")
    if target.trede_van is not None or target.trede_tot is not None:
        if not isinstance(step, int):
            return False
        if target.trede_van is not None and step < target.trede_van:
            return False
        if target.trede_tot is not None and step > target.trede_tot:
            return False
    if target.wil_training is not None and profile.get("wants_training") is not target.wil_training:
        return False
    if target.sectoren and not set(profile.get("wish_sectors") or ()) & set(target.sectoren):
        return False
    if target.taalniveau and profile.get("language_level") not in target.taalniveau:
        return False
    return True


def training_fits(training: Training, profile: Optional[Mapping[str, Any]]) -> bool:
    """Whether to offer or invite: the target, and the rule for clients without an intake."""
    if profile is None:
        return training.zonder_intake or training.doelgroep.is_empty()
    return fits(training.doelgroep, profile)
