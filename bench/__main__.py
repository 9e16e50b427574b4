"""`python -m bench`: run the benchmarks, print a table, write the results as JSON."""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from bench import dispatch
from werkmaatje.settings import REPO_ROOT, Settings

DEFAULT_OUT = REPO_ROOT / "bench" / "results" / "latest.json"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--dispatch-messages", type=int, default=dispatch.DEFAULT_MESSAGES, help="due reminders to dispatch (default %(default)s)"
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=None,
        help="Telegram messages per second for the bot (default: the configured telegram_max_per_second)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON file to write (default %(default)s)")
    return parser


def format_table(sections: Dict[str, List[Tuple[str, str]]]) -> str:
    width = max(len(figure) for rows in sections.values() for figure, _ in rows)
    lines = []
    for name, rows in sections.items():
        lines.append(f"{name}")
        lines.extend(f"  {figure:<{width}}  {value}" for figure, value in rows)
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    rate = args.rate if args.rate is not None else Settings().telegram_max_per_second
    workdir = Path(tempfile.mkdtemp(prefix="werkmaatje-bench-"))
    print(f"Dispatch: {args.dispatch_messages} reminders at {rate:g} msg/s (logs in {workdir}) ...", flush=True)
    results = {dispatch.NAME: dispatch.run(messages=args.dispatch_messages, rate=rate, workdir=workdir)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(format_table({dispatch.NAME: dispatch.table_rows(results[dispatch.NAME])}))
    print(f"Written to {args.out}")
    if not dispatch.passed(results[dispatch.NAME]):
        print(f"FAILED: reminders lost, repeated or sent to the wrong chat; logs kept in {workdir}", file=sys.stderr)
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
