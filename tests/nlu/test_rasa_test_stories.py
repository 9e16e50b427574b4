"""`rasa test core` on the test stories in tests/stories, against the trained model.

Run as a subprocess, the way a developer runs it, and judged by Rasa's own
report files rather than its exit code (which is 0 even when stories fail).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from werkmaatje.settings import REPO_ROOT

STORIES_DIR = REPO_ROOT / "tests" / "stories"
MODEL = REPO_ROOT / "models" / "werkmaatje.tar.gz"
RASA = Path(sys.executable).parent / "rasa"


def _story_count() -> int:
    return sum(
        len((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("stories") or [])
        for path in STORIES_DIR.glob("*.yml")
    )


def test_no_test_story_fails(tmp_path):
    assert MODEL.exists(), "no trained model in models/: run `make install` first"
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    result = subprocess.run(
        [str(RASA), "test", "core", "--stories", str(STORIES_DIR), "--model", str(MODEL), "--out", str(tmp_path)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]

    report = json.loads((tmp_path / "story_report.json").read_text(encoding="utf-8"))
    accuracy = report["conversation_accuracy"]
    assert accuracy["total"] == _story_count() >= 10
    failed = (tmp_path / "failed_test_stories.yml").read_text(encoding="utf-8")
    assert accuracy["correct"] == accuracy["total"], failed
