"""Rasa NLU component that adds Duckling `time` entities, in-process."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from dutch.duckling import parse_times

# Rasa puts the message's arrival time (ms since epoch) here when it knows it.
MESSAGE_TIME_KEY = "time"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class DucklingInProcessExtractor(GraphComponent, EntityExtractorMixin):
    """Adds Duckling entities (default: `time`) for Dutch text."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"dimensions": ["time"], "timezone": None, "locale": "nl_NL"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._dimensions = tuple(config.get("dimensions") or ["time"])
        self._locale = config.get("locale") or "nl_NL"
        self._timezone: Optional[str] = config.get("timezone")

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "DucklingInProcessExtractor":
        return cls(config)

    def _zone(self) -> str:
        if self._timezone:
            return self._timezone
        from werkmaatje.settings import get_settings

        return get_settings().timezone

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            epoch_ms = message.get(MESSAGE_TIME_KEY)
            entities = parse_times(
                text,
                timezone=self._zone(),
                reference_epoch_seconds=epoch_ms / 1000 if epoch_ms else None,
                locale_name=self._locale,
                dimensions=self._dimensions,
            )
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(entities), add_to_output=True)
        return messages
