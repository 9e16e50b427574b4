"""Reading one validated YAML configuration file, with errors an operator can act on.

Gemeente files and training catalogues are both edited by hand; a mistake
must name the file and the field, never show a traceback.
"""
from __future__ import annotations

from pathlib import Path
from typing import Type, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


def load_model(path: Path, model: Type[Model], error: Type[Exception]) -> Model:
    """Parse `path` as `model`; raise `error` with the file name and each problem on one line."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as problem:
        raise error(f"{path}: geen geldige YAML ({problem}).") from problem
    try:
        return model.parse_obj(data or {})
    except ValidationError as problem:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in problem.errors())
        raise error(f"{path}: {problems}") from problem
