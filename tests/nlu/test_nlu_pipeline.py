"""The NLU parts that run inside Rasa: Duckling in-process, the spaCy pipeline, the training data."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from rasa.shared.nlu.training_data.message import Message

from nlu.duckling_extractor import DucklingInProcessExtractor
from dutch.duckling import parse_times
from werkmaatje.settings import REPO_ROOT

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Monday 23 November 2026, 14:00 in Amsterdam.
REFERENCE = datetime(2026, 11, 23, 14, 0, tzinfo=AMSTERDAM)


def _dates(text):
    return [
        (entity["text"], entity["value"][:10])
        for entity in parse_times(text, timezone="Europe/Amsterdam", reference_epoch_seconds=REFERENCE.timestamp())
    ]


def test_duckling_understands_dutch_relative_dates():
    assert _dates("ik heb gisteren bij de jumbo gesolliciteerd") == [("gisteren", "2026-11-22")]
    assert _dates("eergisteren") == [("eergisteren", "2026-11-21")]
    assert _dates("vorige week dinsdag") == [("vorige week dinsdag", "2026-11-17")]


def test_duckling_times_carry_the_amsterdam_offset():
    [entity] = parse_times("morgen om 10 uur", timezone="Europe/Amsterdam", reference_epoch_seconds=REFERENCE.timestamp())
    assert entity["value"] == "2026-11-24T10:00:00.000+01:00"
    assert entity["entity"] == "time" and entity["additional_info"]["grain"] == "hour"


def test_component_adds_time_entities_to_a_message():
    extractor = DucklingInProcessExtractor({"timezone": "Europe/Amsterdam", "dimensions": ["time"]})
    message = Message(data={"text": "gesprek is donderdag om 10 uur", "time": REFERENCE.timestamp() * 1000})
    [processed] = extractor.process([message])
    [entity] = processed.get("entities")
    assert entity["entity"] == "time"
    assert entity["value"].startswith("2026-11-26T10:00")
    assert entity["extractor"] == "DucklingInProcessExtractor"


def test_component_leaves_text_without_dates_alone():
    extractor = DucklingInProcessExtractor({"timezone": "Europe/Amsterdam"})
    [processed] = extractor.process([Message(data={"text": "ik wil mijn klantmanager spreken"})])
    assert processed.get("entities", []) == []


def test_spacy_pipeline_lemmatizes_dutch():
    import spacy

    nlp = spacy.load(REPO_ROOT / "build" / "spacy_nl")
    lemmas = {token.text: token.lemma_ for token in nlp("ik heb gesolliciteerd en liep naar huis")}
    assert lemmas["gesolliciteerd"] == "solliciteren"
    assert lemmas["liep"] == "lopen"


def test_rasa_data_validate_passes():
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--data", "nlu/data", "nlu/dialogue",
         "--domain", "domain.yml", "--config", "config.yml"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
