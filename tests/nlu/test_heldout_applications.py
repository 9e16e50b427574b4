"""Held-out evaluation of the trained model on application phrasings it never saw.

Loads the newest model in models/ in-process (train first: `make install`),
parses every sentence in heldout_applications.yml and checks intent, employer,
position, channel/status and the date as `dutch.dates` resolves it.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from cli.supervisor import latest_model
from dutch.dates import resolve_date
from werkmaatje.settings import REPO_ROOT

HELDOUT = Path(__file__).with_name("heldout_applications.yml")
APPLICATION_INTENTS = {
    "log_application", "plan_application", "application_result",
    "ask_applications", "correct_application", "delete_application",
}
# The canonical values from the shared contract (after synonym mapping).
CHANNELS = {"brief", "online", "open_sollicitatie", "telefonisch", "langsgegaan", "uitzendbureau", "netwerk", "klantmanager"}
STATUSES = {"verstuurd", "uitgenodigd", "gesprek_gehad", "afgewezen", "aangenomen", "proefplaatsing", "geen_reactie"}
# Longer than any real company name we know of; the dialogue should refuse longer "employers" too.
MAX_EMPLOYER_CHARS = 60


RANT = (
    "ik ben het echt zat want ik heb bij de jumbo en bij de lidl en bij al die andere winkels "
    "gesolliciteerd en niemand belt terug en dan moet ik ook nog naar het werkplein voor een "
    "gesprek en mijn klantmanager zegt dat ik meer moet doen maar ik doe echt mijn best elke dag "
    "weer brieven schrijven en mailen en bellen en langs gaan bij bedrijven in de hele stad en "
    "niemand wil me hebben omdat ik al zo lang thuis zit en dat is gewoon niet eerlijk want ik "
    "wil heel graag werken als vakkenvuller of in een magazijn of gewoon iets met mijn handen"
)


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def expected_names(example: dict, field: str) -> list:
    value = example.get(field)
    names = value if isinstance(value, list) else [value] if value else []
    return sorted(normalised(name) for name in names)


def found_names(parse: dict, entity: str) -> list:
    return sorted(normalised(found["value"]) for found in parse["entities"] if found["entity"] == entity)


@pytest.fixture(scope="module")
def heldout() -> dict:
    return yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))


# The model runs in a child process: TensorFlow and Duckling's Haskell runtime
# (which this test process loads for the dates) should not share one process.
_PARSE_SCRIPT = """
import asyncio, json, sys
from rasa.core.agent import Agent
agent = Agent.load(sys.argv[1])
texts = json.load(sys.stdin)
async def parse_all():
    return [await agent.parse_message(text) for text in texts]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(asyncio.run(parse_all()), out)
"""


def parse_with_model(texts: list, out: Path) -> list:
    model = latest_model(REPO_ROOT / "models")
    if model is None:
        pytest.fail(f"No trained model in {REPO_ROOT / 'models'}: run `make install` (or rasa train) first.")
    result = subprocess.run(
        [sys.executable, "-c", _PARSE_SCRIPT, str(model), str(out)],
        input=json.dumps(texts), capture_output=True, text=True, cwd=REPO_ROOT, timeout=900,
        env=dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2"),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parses(heldout, tmp_path_factory) -> list:
    out = tmp_path_factory.mktemp("heldout") / "parses.json"
    return parse_with_model([example["text"] for example in heldout["examples"]] + [RANT], out)


def intent_misses(examples: list, parses: list) -> list:
    return [
        f"{e['text']!r}: expected {e['intent']}, got {p['intent']['name']} ({p['intent']['confidence']:.2f})"
        for e, p in zip(examples, parses)
        if p["intent"]["name"] != e["intent"]
    ]


def entity_misses(examples: list, parses: list, entity: str) -> list:
    return [
        f"{e['text']!r}: expected {expected_names(e, entity)}, got {found_names(p, entity)}"
        for e, p in zip(examples, parses)
        if found_names(p, entity) != expected_names(e, entity)
    ]


def report(title: str, misses: list, total: int) -> str:
    lines = [f"{title}: {total - len(misses)}/{total} = {(total - len(misses)) / total:.1%}"]
    lines += [f"  {miss}" for miss in misses]
    return "\n".join(lines)


def test_heldout_file_has_enough_application_phrasings(heldout):
    application_examples = [e for e in heldout["examples"] if e["intent"] in APPLICATION_INTENTS]
    assert len(application_examples) >= 80
    assert {e["intent"] for e in application_examples} == APPLICATION_INTENTS


def test_no_heldout_sentence_is_in_the_training_data(heldout):
    from rasa.shared.nlu.training_data.loading import load_data

    training = {normalised(message.get("text")) for message in load_data(str(REPO_ROOT / "nlu" / "data")).intent_examples}
    leaked = [e["text"] for e in heldout["examples"] if normalised(e["text"]) in training]
    assert leaked == [], f"held-out sentences also in nlu/data: {leaked}"
    texts = [normalised(e["text"]) for e in heldout["examples"]]
    assert len(texts) == len(set(texts)), "a held-out sentence is listed twice"


def test_intent_accuracy_at_least_95_percent(heldout, parses):
    examples = heldout["examples"]
    misses = intent_misses(examples, parses)
    summary = report("intent", misses, len(examples))
    print(summary)
    assert 1 - len(misses) / len(examples) >= 0.95, summary


@pytest.mark.parametrize("entity", ["employer", "position"])
def test_employer_and_position_accuracy_at_least_90_percent(heldout, parses, entity):
    examples = heldout["examples"]
    misses = entity_misses(examples, parses, entity)
    summary = report(entity, misses, len(examples))
    print(summary)
    assert 1 - len(misses) / len(examples) >= 0.90, summary


def test_channel_and_status_are_found_and_never_contradict(heldout, parses):
    """Where a channel or status is expected it is found, and no other canonical value is.

    A fragment that is not a canonical value ("via") is ignored by the dialogue,
    but "niet aangenomen" coming out as `aangenomen` would store the opposite.
    """
    checked, misses, contradictions = 0, [], []
    for example, parse in zip(heldout["examples"], parses):
        for field, entity, allowed in (("channel", "channel", CHANNELS), ("status", "application_status", STATUSES)):
            if field not in example:
                continue
            checked += 1
            found = found_names(parse, entity)
            if example[field] not in found:
                misses.append(f"{example['text']!r}: expected {entity} {example[field]}, got {found}")
            wrong = [value for value in found if value in allowed and value != example[field]]
            if wrong:
                contradictions.append(f"{example['text']!r}: expected {entity} {example[field]}, also got {wrong}")
    summary = report("channel/status", misses, checked)
    print(summary)
    assert contradictions == [], contradictions
    assert 1 - len(misses) / checked >= 0.85, summary


def test_dates_resolve_exactly_against_the_fixed_reference(heldout):
    reference = datetime.fromisoformat(heldout["reference"])
    misses = []
    for example in heldout["examples"]:
        resolved = resolve_date(
            example["text"], reference=reference, timezone=heldout["timezone"], bias=example.get("bias", "past")
        )
        expected = example.get("date")
        if resolved is None:
            got = None
        elif expected and "T" in expected:
            got = resolved.moment.isoformat() if resolved.moment else resolved.day.isoformat()
        else:
            got = resolved.day.isoformat() if resolved.moment is None else resolved.moment.isoformat()
        if got != expected:
            misses.append(f"{example['text']!r}: expected {expected}, got {got}")
    assert misses == [], report("dates", misses, len(heldout["examples"]))


def test_a_long_rant_gives_no_implausible_employer(parses):
    assert len(RANT) >= 500
    parse = parses[-1]
    employers = [e["value"] for e in parse["entities"] if e["entity"] == "employer"]
    too_long = [value for value in employers if len(value) > MAX_EMPLOYER_CHARS or len(value.split()) > 5]
    assert too_long == [], f"implausible employer names from a rant: {too_long}"
