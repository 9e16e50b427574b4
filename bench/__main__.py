"""`python -m bench`: Werkmaatje against stock Rasa in one run; prints a table and writes JSON.

Order: train both models (timed), run the blind held-out sentences through
both (bench/nlu_accuracy.py), run each stack end to end (start-up, NLU only,
1/16/64 users), the production profile with 1 and 2 Rasa replicas and 1
and 2 bot replicas at 16 and 64 users (bench/topology.py), one client's
long history on SQLite and PostgreSQL, then dispatch 10 000 reminders
through the bot.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from bench import dispatch, e2e, history, nlu_accuracy, report, topology, variants
from werkmaatje.settings import REPO_ROOT, Settings

DEFAULT_OUT = REPO_ROOT / "bench" / "results" / "latest.json"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
STOCK_EPOCH_KEYS = ("DIETClassifier", "ResponseSelector", "UnexpecTEDIntentPolicy", "TEDPolicy")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--levels", default=",".join(map(str, e2e.LEVELS)), help="concurrent users (default %(default)s)")
    parser.add_argument("--seconds", type=float, default=30.0, help="seconds of load per level (default %(default)s)")
    parser.add_argument("--parse-requests", type=int, default=200, help="/model/parse requests (default %(default)s)")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("WERKMAATJE_TEST_POSTGRES_URL", DEFAULT_POSTGRES),
        help="server for the benchmark's own databases (default: WERKMAATJE_TEST_POSTGRES_URL or %(default)s)",
    )
    parser.add_argument(
        "--reuse-model",
        action="store_true",
        help="serve models/werkmaatje.tar.gz instead of training Werkmaatje's model (its training is then not timed)",
    )
    parser.add_argument(
        "--stock-epochs", type=int, default=None, help="train the stock model with fewer epochs (harness tests only)"
    )
    parser.add_argument(
        "--topology-levels", default=None,
        help="users for the production profile's shapes (default: 16 and 64 where --levels has them; '' skips)",
    )
    parser.add_argument(
        "--topology-shapes", default=",".join(f"{r}x{b}" for r, b in topology.SHAPES),
        help="Rasa x bot replicas of the production profile to measure (default %(default)s)",
    )
    parser.add_argument("--dispatch-messages", type=int, default=dispatch.DEFAULT_MESSAGES, help="due reminders (default %(default)s; 0 skips)")
    parser.add_argument("--rate", type=float, default=None, help="dispatch limit in msg/s (default: telegram_max_per_second)")
    parser.add_argument(
        "--history-turns", type=int, default=history.HistoryPlan.turns,
        help="turns of one client's history on SQLite and PostgreSQL (default %(default)s; 0 skips)",
    )
    parser.add_argument(
        "--history-baseline-turns", type=int, default=history.HistoryPlan.baseline_turns,
        help="the same client without Rasa sessions, SQLite (default %(default)s; 0 skips)",
    )
    parser.add_argument(
        "--only-history", action="store_true",
        help="only the history run, on the installed model; writes bench/results/history.json unless --out is given",
    )
    parser.add_argument("--out", type=Path, default=None, help=f"JSON file to write (default {DEFAULT_OUT})")
    return parser


def _stock_variant(epochs: Optional[int], workdir: Path) -> variants.Variant:
    if epochs is None:
        return variants.STOCK
    config = yaml.safe_load(variants.STOCK.config.read_text(encoding="utf-8"))
    for component in config["pipeline"] + config["policies"]:
        if component["name"] in STOCK_EPOCH_KEYS:
            component["epochs"] = epochs
    path = workdir / "stock_config.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return variants.Variant(variants.STOCK.name, path, tuned=False)


def _models(args, workdir: Path) -> Dict[str, variants.TrainedModel]:
    models = {}
    for variant in (variants.WERKMAATJE, _stock_variant(args.stock_epochs, workdir)):
        if variant.name == "werkmaatje" and args.reuse_model:
            models[variant.name] = variants.reuse(variant, Settings().rasa_model_dir / "werkmaatje.tar.gz")
            continue
        print(f"Training {variant.name} ...", flush=True)
        models[variant.name] = variants.train(variant, workdir / f"model-{variant.name}", workdir)
        print(f"  {models[variant.name].training_seconds} s", flush=True)
    return models


def _machine(args) -> dict:
    return {
        "cpu_count": os.cpu_count(),
        "database": "postgresql",
        "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "seconds_per_level": args.seconds,
        "stock_epochs": args.stock_epochs or "rasa defaults",
    }


def _history_only(args, workdir: Path) -> int:
    """One client's long history on the installed model, without the rest of the run."""
    plan = history.HistoryPlan(turns=args.history_turns, baseline_turns=args.history_baseline_turns)
    histories = history.run(Settings().rasa_model_dir / "werkmaatje.tar.gz", plan, postgres_url=args.postgres_url, workdir=workdir)
    out = args.out or DEFAULT_OUT.with_name("history.json")
    results = {"machine": _machine(args), history.NAME: histories, "targets": report.history_targets(histories)}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sections = {"one client's history (median per block of 100 turns)": history.table_rows(histories)}
    print(report.format_table(sections))
    for name, target in results["targets"].items():
        print(f"{name}: {target['measured']} (target {target['target']}): {'met' if target['met'] else 'MISSED'}")
    print(f"Written to {out}")
    if not history.passed(histories):
        print(f"FAILED: a turn of the history run got no answer; logs kept in {workdir}", file=sys.stderr)
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _topology_levels(args, plan: e2e.LoadPlan) -> List[int]:
    if args.topology_levels is None:
        return topology.default_levels(plan.levels)
    return [int(n) for n in args.topology_levels.split(",") if n.strip()]


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    plan = e2e.LoadPlan(tuple(int(n) for n in args.levels.split(",")), args.seconds, args.parse_requests)
    workdir = Path(tempfile.mkdtemp(prefix="werkmaatje-bench-"))
    print(f"Benchmark logs in {workdir}", flush=True)
    if args.only_history:
        return _history_only(args, workdir)
    args.out = args.out or DEFAULT_OUT
    models = _models(args, workdir)
    print("Understanding: the blind held-out sets through both models ...", flush=True)
    understanding = nlu_accuracy.evaluate({name: model.path for name, model in models.items()})
    measured = {}
    for name, model in models.items():
        print(f"End to end: {name} ...", flush=True)
        measured[name] = e2e.run_variant(model, args.postgres_url, plan, workdir)
    replicas = None
    topology_levels = _topology_levels(args, plan)
    if topology_levels:
        measured_replicas = topology.run(
            models["werkmaatje"], args.postgres_url, topology_levels, args.seconds, workdir, topology.parse_shapes(args.topology_shapes)
        )
        replicas = {"replicas": measured_replicas, "comparison": topology.compare(measured_replicas, measured["stock"])}
    histories = None
    if args.history_turns:
        plan_history = history.HistoryPlan(turns=args.history_turns, baseline_turns=args.history_baseline_turns)
        histories = history.run(models["werkmaatje"].path, plan_history, postgres_url=args.postgres_url, workdir=workdir)
    dispatched = None
    if args.dispatch_messages:
        rate = args.rate if args.rate is not None else Settings().telegram_max_per_second
        print(f"Dispatch: {args.dispatch_messages} reminders at {rate:g} msg/s ...", flush=True)
        dispatched = dispatch.run(messages=args.dispatch_messages, rate=rate, workdir=workdir, postgres_url=args.postgres_url)
    comparison = report.compare(measured, dispatched, histories)
    comparison["targets"].update(nlu_accuracy.targets(understanding))
    results = {"machine": _machine(args), "variants": measured, "comparison": comparison, "nlu_accuracy": understanding}
    if replicas is not None:
        results[topology.NAME] = replicas
    if histories is not None:
        results[history.NAME] = histories
    if dispatched is not None:
        results[dispatch.NAME] = dispatched
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    sections = {
        "end to end (werkmaatje | stock | ratio)": report.end_to_end_rows(measured, comparison),
        "other figures (werkmaatje | stock | ratio)": report.other_rows(measured, comparison),
        "memory under the 64-user load": report.memory_rows(measured),
        "understanding, blind sentences (werkmaatje | stock)": nlu_accuracy.table_rows(understanding),
    }
    if replicas is not None:
        sections["production profile (webhook bots behind nginx, Rasa replicas on PostgreSQL and Redis locks)"] = topology.table_rows(
            replicas["replicas"], replicas["comparison"]
        )
    if histories is not None:
        sections["one client's history (median per block of 100 turns)"] = history.table_rows(histories)
    if dispatched is not None:
        sections["dispatch"] = dispatch.table_rows(dispatched)
    sections["targets"] = report.target_rows(comparison)
    print(report.format_table(sections))
    print(f"Written to {args.out}")
    if dispatched is not None and not dispatch.passed(dispatched):
        print(f"FAILED: reminders lost, repeated or sent to the wrong chat; logs kept in {workdir}", file=sys.stderr)
        return 1
    if histories is not None and not history.passed(histories):
        print(f"FAILED: a turn of the history run got no answer; logs kept in {workdir}", file=sys.stderr)
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
