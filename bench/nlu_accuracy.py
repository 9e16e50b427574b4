"""Understanding, not speed: both models on the blind held-out sets, per intent, with their confusions.

`python -m bench` runs this on the two models it trained, so the pipeline in
config.yml is shown better (or not) than Rasa's default on the same data in
the same run. On its own, `python -m bench.nlu_accuracy --train` trains the
two NLU-only models itself, which is the quick way to try a pipeline:

    python -m bench.nlu_accuracy --train --markdown docs/nlu_accuracy.md
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from werkmaatje.settings import REPO_ROOT

HELDOUT_DIR = REPO_ROOT / "tests" / "nlu"
EVERYDAY = HELDOUT_DIR / "heldout_everyday.yml"
DISTRESS = HELDOUT_DIR / "heldout_distress.yml"
CONFIGS = {"werkmaatje": REPO_ROOT / "config.yml", "stock": REPO_ROOT / "bench" / "stock_config.yml"}
# Confusions shown per intent: the most frequent wrong answers.
TOP_CONFUSIONS = 3
# tests/nlu/test_heldout_everyday.py asserts the same.
INTENT_TARGET = 0.95

# A child process: TensorFlow stays out of the benchmark's own process.
_PARSE_SCRIPT = """
import asyncio, json, sys
from rasa.core.agent import Agent
agent = Agent.load(sys.argv[1])
texts = json.load(sys.stdin)
async def parse_all():
    return [await agent.parse_message(text) for text in texts]
print(json.dumps([p["intent"]["name"] for p in asyncio.run(parse_all())]))
"""


def _env() -> dict:
    return dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")


def _training_sentences() -> set:
    from rasa.shared.nlu.training_data.loading import load_data

    return {_normalised(m.get("text")) for m in load_data(str(REPO_ROOT / "nlu" / "data")).intent_examples}


def _normalised(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def labelled_examples() -> List[dict]:
    """Every blind sentence the model never saw, with the intent it should get.

    The shortest ones ("hoi", "ja") were in nlu/data before the sets were
    written; like tests/nlu/test_heldout_everyday.py, they are left out.
    """
    everyday = yaml.safe_load(EVERYDAY.read_text(encoding="utf-8"))["examples"]
    distress = yaml.safe_load(DISTRESS.read_text(encoding="utf-8"))
    examples = [{"text": e["text"], "intent": e["intent"], "set": "everyday"} for e in everyday]
    examples += [{"text": text, "intent": "distress", "set": "despair"} for text in distress["despair"]]
    examples += [{"text": e["text"], "intent": e["intent"], "set": "look-alike"} for e in distress["everyday"]]
    known = _training_sentences()
    return [e for e in examples if _normalised(e["text"]) not in known]


def parse_intents(model: Path, texts: List[str]) -> List[str]:
    finished = subprocess.run(
        [sys.executable, "-c", _PARSE_SCRIPT, str(model)],
        input=json.dumps(texts), capture_output=True, text=True, cwd=REPO_ROOT, env=_env(), timeout=1800,
    )
    if finished.returncode != 0:
        raise RuntimeError(f"parsing with {model} failed: {finished.stderr[-2000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def score(examples: List[dict], predicted: List[str]) -> dict:
    """Accuracy overall, per set and per intent, and what each intent was mistaken for."""
    per_intent: Dict[str, Counter] = defaultdict(Counter)
    per_set: Dict[str, Counter] = defaultdict(Counter)
    for example, got in zip(examples, predicted):
        per_intent[example["intent"]][got] += 1
        per_set[example["set"]]["right" if got == example["intent"] else "wrong"] += 1
    right = sum(counts[intent] for intent, counts in per_intent.items())
    missed_despair = [e["text"] for e, got in zip(examples, predicted) if e["set"] == "despair" and got != "distress"]
    false_alarms = [e["text"] for e, got in zip(examples, predicted) if e["intent"] != "distress" and got == "distress"]
    return {
        "examples": len(examples),
        "accuracy": round(right / len(examples), 4),
        "sets": {name: round(c["right"] / (c["right"] + c["wrong"]), 4) for name, c in sorted(per_set.items())},
        "intents": {
            intent: {
                "n": sum(counts.values()),
                "accuracy": round(counts[intent] / sum(counts.values()), 4),
                "confused_with": {got: n for got, n in counts.most_common() if got != intent},
            }
            for intent, counts in sorted(per_intent.items())
        },
        "despair_missed": missed_despair,
        "distress_false_alarms": false_alarms,
    }


def targets(results: Dict[str, dict]) -> Dict[str, dict]:
    """The issue's bar for understanding, in the shape of bench.report's targets."""
    ours, stock = results["werkmaatje"], results["stock"]
    everyday = ours["sets"].get("everyday")
    return {
        "blind_everyday_intents": {
            "met": everyday >= INTENT_TARGET, "measured": everyday, "target": f">= {INTENT_TARGET:.0%}",
        },
        "blind_intents_vs_stock": {
            "met": ours["accuracy"] >= stock["accuracy"], "measured": ours["accuracy"], "target": f">= stock {stock['accuracy']}",
        },
        "despair_missed": {"met": not ours["despair_missed"], "measured": len(ours["despair_missed"]), "target": "0"},
    }


def evaluate(models: Dict[str, Path]) -> Dict[str, dict]:
    examples = labelled_examples()
    texts = [e["text"] for e in examples]
    return {name: score(examples, parse_intents(model, texts)) for name, model in models.items()}


def _confusions(figures: dict) -> str:
    top = sorted(figures["confused_with"].items(), key=lambda item: -item[1])[:TOP_CONFUSIONS]
    return ", ".join(f"{got} {n}" for got, n in top) or "-"


def table_rows(results: Dict[str, dict]) -> List[tuple]:
    """Rows for bench.report.format_table: overall, per set, then every intent (werkmaatje | stock)."""
    ours, stock = results["werkmaatje"], results["stock"]
    rows = [("intents, all blind sentences", f"{ours['accuracy']:.1%} | {stock['accuracy']:.1%}  (n={ours['examples']})")]
    for name in ours["sets"]:
        rows.append((f"  set {name}", f"{ours['sets'][name]:.1%} | {stock['sets'].get(name, 0):.1%}"))
    rows.append(("  despair missed", f"{len(ours['despair_missed'])} | {len(stock['despair_missed'])}"))
    rows.append(("  everyday read as distress", f"{len(ours['distress_false_alarms'])} | {len(stock['distress_false_alarms'])}"))
    for intent, figures in ours["intents"].items():
        theirs = stock["intents"][intent]
        rows.append((
            f"  {intent} (n={figures['n']})",
            f"{figures['accuracy']:.0%} | {theirs['accuracy']:.0%}   ours→ {_confusions(figures)}; stock→ {_confusions(theirs)}",
        ))
    return rows


def markdown(results: Dict[str, dict], training_seconds: Dict[str, Optional[float]]) -> str:
    ours, stock = results["werkmaatje"], results["stock"]
    lines = [
        "# NLU accuracy on the blind held-out sets",
        "",
        "Written by `python -m bench.nlu_accuracy --train --markdown docs/nlu_accuracy.md` "
        "(and printed by `make bench`): Werkmaatje's pipeline (config.yml) against Rasa's default "
        "(bench/stock_config.yml), both trained on the same nlu/data, on "
        "tests/nlu/heldout_everyday.yml and tests/nlu/heldout_distress.yml "
        "(only the sentences that are not in nlu/data).",
        "",
        "| | werkmaatje | stock |",
        "|---|---|---|",
        f"| intents right, all {ours['examples']} sentences | {ours['accuracy']:.1%} | {stock['accuracy']:.1%} |",
    ]
    for name in ours["sets"]:
        lines.append(f"| set {name} | {ours['sets'][name]:.1%} | {stock['sets'].get(name, 0):.1%} |")
    lines.append(f"| despair missed | {len(ours['despair_missed'])} | {len(stock['despair_missed'])} |")
    lines.append(f"| everyday read as distress | {len(ours['distress_false_alarms'])} | {len(stock['distress_false_alarms'])} |")
    if all(training_seconds.values()):
        lines.append(f"| NLU training, seconds | {training_seconds['werkmaatje']:.0f} | {training_seconds['stock']:.0f} |")
    lines += ["", "## Per intent (accuracy, then what it was taken for)", "", "| intent | n | werkmaatje | confused with | stock | confused with |", "|---|---|---|---|---|---|"]
    for intent, figures in ours["intents"].items():
        theirs = stock["intents"][intent]
        lines.append(
            f"| {intent} | {figures['n']} | {figures['accuracy']:.0%} | {_confusions(figures)} | {theirs['accuracy']:.0%} | {_confusions(theirs)} |"
        )
    return "\n".join(lines) + "\n"


def train_nlu(name: str, out_dir: Path) -> tuple:
    """`rasa train nlu` with a fresh cache, timed; returns (model, seconds)."""
    env = dict(_env(), RASA_CACHE_DIRECTORY=str(out_dir / "cache"))
    command = [
        sys.executable, "-m", "rasa", "train", "nlu", "--config", str(CONFIGS[name]), "--nlu", str(REPO_ROOT / "nlu" / "data"),
        "--out", str(out_dir), "--fixed-model-name", name,
    ]
    started = time.monotonic()
    with open(out_dir / f"train-{name}.log", "ab") as log:
        finished = subprocess.run(command, env=env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)
    if finished.returncode != 0:
        raise RuntimeError(f"training {name} failed; see {out_dir / f'train-{name}.log'}")
    return out_dir / f"{name}.tar.gz", round(time.monotonic() - started, 1)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.nlu_accuracy", description=__doc__)
    parser.add_argument("--train", action="store_true", help="train both NLU models (else give --werkmaatje and --stock)")
    parser.add_argument("--werkmaatje", type=Path, help="a trained Werkmaatje model")
    parser.add_argument("--stock", type=Path, help="a trained stock model")
    parser.add_argument("--markdown", type=Path, help="also write the report here")
    parser.add_argument("--training-seconds", type=float, nargs=2, metavar=("WERKMAATJE", "STOCK"),
                        help="how long the given models took to train, for the report")
    args = parser.parse_args(argv)
    from bench.report import format_table

    given = args.training_seconds or (None, None)
    seconds: Dict[str, Optional[float]] = {"werkmaatje": given[0], "stock": given[1]}
    if args.train:
        workdir = Path(tempfile.mkdtemp(prefix="werkmaatje-nlu-"))
        models = {}
        for name in CONFIGS:
            print(f"Training {name} (NLU only) ...", flush=True)
            models[name], seconds[name] = train_nlu(name, workdir)
            print(f"  {seconds[name]} s", flush=True)
    elif args.werkmaatje and args.stock:
        models = {"werkmaatje": args.werkmaatje, "stock": args.stock}
    else:
        parser.error("give --train, or both --werkmaatje and --stock")
    results = evaluate(models)
    print(format_table({"NLU on blind sentences (werkmaatje | stock)": table_rows(results)}))
    if args.markdown:
        args.markdown.write_text(markdown(results, seconds), encoding="utf-8")
        print(f"Written to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
