"""Dutch dates and times with Duckling in-process.

Rasa's own DucklingEntityExtractor needs a Duckling HTTP server; the
pyduckling-native-phihos wheel embeds Duckling's Haskell code, so dates are
parsed inside the Rasa process with no extra service to run.
"""
from __future__ import annotations

import functools
import time as wall_clock
from typing import Any, Dict, List, Optional

ZONEINFO_DIR = "/usr/share/zoneinfo"


@functools.lru_cache(maxsize=None)
def _duckling_runtime(timezone: str, locale_name: str):
    # Importing duckling starts the Haskell runtime: keep it out of import time.
    import duckling

    zones = duckling.load_time_zones(ZONEINFO_DIR)
    language = duckling.parse_lang(locale_name.split("_")[0].upper())
    locale = duckling.parse_locale(locale_name, duckling.default_locale_lang(language))
    return duckling, zones, locale


def parse_times(
    text: str,
    *,
    timezone: str,
    reference_epoch_seconds: Optional[float] = None,
    locale_name: str = "nl_NL",
    dimensions: tuple = ("time",),
) -> List[Dict[str, Any]]:
    """Return Duckling's parses of `text` as Rasa-style entity dicts."""
    duckling, zones, locale = _duckling_runtime(timezone, locale_name)
    reference = reference_epoch_seconds if reference_epoch_seconds is not None else wall_clock.time()
    context = duckling.Context(duckling.parse_ref_time(zones, timezone, int(reference)), locale)
    parses = duckling.parse(text, context, duckling.parse_dimensions(list(dimensions)), False)
    return [_as_entity(parse) for parse in parses]


def _as_entity(parse: Dict[str, Any]) -> Dict[str, Any]:
    value = parse["value"]
    if value.get("type") == "interval":
        entity_value: Any = {"from": value.get("from", {}).get("value"), "to": value.get("to", {}).get("value")}
    else:
        entity_value = value.get("value")
    return {
        "start": parse["start"],
        "end": parse["end"],
        "text": parse["body"],
        "value": entity_value,
        "confidence": 1.0,
        "additional_info": value,
        "entity": parse["dim"],
    }
