"""The test stack the benchmarks run, tuned as Werkmaatje runs Rasa or as stock Rasa does."""
from __future__ import annotations

from pathlib import Path
from typing import Dict

from cli.supervisor import STOCK_RASA_ENV, TENSORFLOW_THREAD_VARIABLES
from testing.stack import RasaStack
from werkmaatje.settings import Settings


class BenchStack(RasaStack):
    """The test stack, keeping its child processes by name so their memory can be read.

    `tuned=False` runs Rasa as stock Rasa runs, without Werkmaatje's run-time tuning.
    """

    def __init__(self, settings: Settings, log_dir: Path, *, tuned: bool = True) -> None:
        super().__init__(settings, log_dir)
        self.processes: Dict[str, object] = {}
        self.tuned = tuned
        if not tuned:
            for name in TENSORFLOW_THREAD_VARIABLES:
                self._env.pop(name, None)
            self._env.update(STOCK_RASA_ENV)

    @classmethod
    def for_variant(cls, database_url: str, log_dir: Path, model) -> "BenchStack":
        """A stack serving `model` (a bench.variants.TrainedModel), tuned as its variant says."""
        settings = RasaStack.for_database(database_url, log_dir).settings.copy(update={"rasa_model_dir": model.path.parent})
        return cls(settings, log_dir, tuned=model.variant.tuned)

    def _spawn(self, name: str, command):
        process = super()._spawn(name, command)
        self.processes[name] = process
        return process
