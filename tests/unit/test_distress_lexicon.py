"""The distress lexicon: crisis language in many forms, and the everyday sentences that look like it."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlu.distress_classifier import LEXICON_KEY, DistressLexiconClassifier
from nlu.distress_lexicon import find_distress, normalise

# Written for this test; the blind sets are tests/nlu/heldout_distress.yml.
CRISIS = (
    "kwil niet meer leven",
    "ik kan nie meer echt nie",
    "ik ga mezelf iets aandoen",
    "ik denk de laatste tijd vaak aan zelfmoord",
    "ik ben alles zat ik wil dood",
    "soms wou ik dat ik dood was",
    "ik heb al pillen klaarliggen",
    "niemand zou me missen als ik er niet meer ben",
    "iedereen is beter af zonder mij",
    "het leven heeft geen zin meer",
    "ik zie het niet meer zitten 😞",
    "die schulden worden me te veel, ik zie geen uitweg",
    "ik wil slapen en nooit meer wakker worden",
    "waarom zou ik nog doorgaan",
    "I want to die",
    "eigenlijk wil ik gewoon dood",
    "ik zou mezelf willen ophangen",
    "ik heb slaappillen opgespaard",
    "ik snap niet waarom ik nog leef",
    "het zou beter zijn als ik er niet meer ben",
    "ik weet niet hoe lang ik hier nog ben",
    "zelfmord",
    "ik KAN NIET MEER!!!",
)
EVERYDAY = (
    "ik ben moe van het solliciteren",
    "ik ben er klaar mee, die website doet het niet",
    "ik ben helemaal op na die dag",
    "ik verveel me dood thuis",
    "mijn telefoon is dood",
    "ik ben doodmoe",
    "ik kan niet meer komen op dinsdag",
    "ik wil niet meer bij de jumbo werken",
    "ik wil niet meer leven van een uitkering, ik wil werk",
    "ik zie het niet zitten om te bellen",
    "ik heb geen zin meer in die cursus",
    "ik ben wanhopig op zoek naar werk",
    "ik hou het niet meer bij in mijn agenda",
    "ik moet de trein van 8 uur halen",
    "mijn oma is vorig jaar dood gegaan",
    "ik red het niet meer vandaag",
    "alles is zwart op de foto",
    "ik kan niet verder op de website, hij loopt vast",
    "ik word nooit wakker van mijn wekker",
    "schulden",
    "ik heb schulden",
    "geldzorgen",
)
NEGATED = (
    "ik denk niet aan zelfmoord hoor",
    "ik wil niet dood, ik wil gewoon werk",
    "nee ik ben niet suicidaal",
    "ik heb geen pillen klaarliggen, maak je geen zorgen",
)


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_language_is_found(text):
    assert find_distress(text) is not None


@pytest.mark.parametrize("text", EVERYDAY + NEGATED)
def test_everyday_and_negated_sentences_are_not_crisis(text):
    assert find_distress(text) is None


def test_text_is_normalised_the_way_people_type():
    assert normalise("Kheb m'n CV gestuurd!!! 😀") == "ik heb mijn cv gestuurd |"
    assert normalise("Ik kan nie meeeer.") == "ik kan niet meer |"


def test_a_negation_in_another_clause_does_not_cancel():
    assert find_distress("nee, ik denk aan zelfmoord") == "zelfmoord"


def _parsed(text, intent, confidence):
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": confidence}})
    [processed] = DistressLexiconClassifier().process([message])
    return processed


def test_component_turns_a_fallback_into_distress_and_keeps_what_the_classifier_said():
    processed = _parsed("alles is zwart, ik kan niet meer", "nlu_fallback", 0.55)
    assert processed.get("intent") == {"name": "distress", "confidence": 1.0}
    assert processed.get(LEXICON_KEY)["classifier_intent"] == {"name": "nlu_fallback", "confidence": 0.55}
    assert LEXICON_KEY in processed.as_dict(only_output_properties=True)


def test_component_leaves_everyday_messages_alone():
    processed = _parsed("ik ben moe van het solliciteren", "out_of_scope", 0.4)
    assert processed.get("intent") == {"name": "out_of_scope", "confidence": 0.4}
    assert processed.get(LEXICON_KEY) is None


def test_component_undoes_distress_for_a_negated_crisis_word_only():
    message = Message(data={
        "text": "nee ik wil niet dood hoor",
        "intent": {"name": "distress", "confidence": 0.7},
        "intent_ranking": [
            {"name": "distress", "confidence": 0.7},
            {"name": "nlu_fallback", "confidence": 0.55},
            {"name": "deny", "confidence": 0.2},
        ],
    })
    [processed] = DistressLexiconClassifier().process([message])
    assert processed.get("intent") == {"name": "deny", "confidence": 0.2}
    assert processed.get(LEXICON_KEY)["negated"] == "wil niet dood"
    kept = _parsed("ik huil de hele dag", "distress", 0.9)
    assert kept.get("intent")["name"] == "distress"


def test_component_undoes_distress_for_money_trouble_without_crisis_words():
    message = Message(data={
        "text": "door de schulden kan ik mijn telefoon niet betalen",
        "intent": {"name": "distress", "confidence": 0.7},
        "intent_ranking": [{"name": "distress", "confidence": 0.7}, {"name": "out_of_scope", "confidence": 0.2}],
    })
    [processed] = DistressLexiconClassifier().process([message])
    assert processed.get("intent")["name"] == "out_of_scope" and processed.get(LEXICON_KEY)["money_trouble"]
    assert _parsed("schulden, ik zie geen uitweg meer", "out_of_scope", 0.6).get("intent")["name"] == "distress"
