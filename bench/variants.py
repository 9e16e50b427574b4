"""The two Rasa set-ups every benchmark compares, trained on the same domain and data.

`werkmaatje` is the product as `werkmaatje run` starts it: config.yml and the
run-time tuning in cli.supervisor.rasa_tuning_env. `stock` is what `rasa init`
gives (bench/stock_config.yml) run the way stock Rasa runs.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from werkmaatje.settings import REPO_ROOT

TRAINING_DATA = ("nlu/data", "nlu/dialogue")
MODEL_NAME = "model"


@dataclass(frozen=True)
class Variant:
    name: str
    config: Path
    # True: Rasa runs with the product's tuning (cli.supervisor.rasa_tuning_env).
    tuned: bool


WERKMAATJE = Variant("werkmaatje", REPO_ROOT / "config.yml", tuned=True)
STOCK = Variant("stock", REPO_ROOT / "bench" / "stock_config.yml", tuned=False)
VARIANTS = (WERKMAATJE, STOCK)


@dataclass(frozen=True)
class TrainedModel:
    variant: Variant
    path: Path
    # None when an existing model was reused (`--reuse-models`): nothing was timed.
    training_seconds: Optional[float]


def train(variant: Variant, out_dir: Path, log_dir: Path) -> TrainedModel:
    """`rasa train` from scratch (an empty component cache), timed from start to saved model."""
    out_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    # A fresh cache: Rasa would otherwise reuse components trained earlier and time nothing.
    env["RASA_CACHE_DIRECTORY"] = str(out_dir / "cache")
    command = [
        # The command `make install` runs (the Makefile's model rule).
        sys.executable, "-m", "rasa", "train", "--skip-validation",
        "--config", str(variant.config), "--domain", str(REPO_ROOT / "domain.yml"),
        "--data", *(str(REPO_ROOT / folder) for folder in TRAINING_DATA),
        "--out", str(out_dir), "--fixed-model-name", MODEL_NAME,
    ]
    log_path = log_dir / f"train-{variant.name}.log"
    started = time.monotonic()
    with open(log_path, "ab") as log:
        finished = subprocess.run(command, env=env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    model = out_dir / f"{MODEL_NAME}.tar.gz"
    if finished.returncode != 0 or not model.exists():
        raise RuntimeError(f"training {variant.name} failed (exit {finished.returncode}); see {log_path}")
    return TrainedModel(variant, model, round(seconds, 1))


def reuse(variant: Variant, model: Path) -> TrainedModel:
    if not model.exists():
        raise RuntimeError(f"no model to reuse for {variant.name} at {model}; run without --reuse-models")
    return TrainedModel(variant, model, None)
