"""Build the blank Dutch spaCy pipeline with a lookup lemmatizer.

No Dutch spaCy model can be downloaded on our machines, and the lookup
lemmatizer needs only the tables shipped in spacy-lookups-data. Rasa's
SpacyNLP loads the result from a folder path, like any installed model.
"""
from __future__ import annotations

import argparse
from pathlib import Path

PIPELINE_META = {"name": "werkmaatje_nl", "version": "1.0.0"}


def build_pipeline(target: Path) -> Path:
    """Write the pipeline to `target`; returns the folder."""
    import spacy  # heavy import, so only when building

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lookup tables from spacy-lookups-data
    nlp.meta.update(PIPELINE_META)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="folder to write the pipeline to, e.g. build/spacy_nl")
    args = parser.parse_args()
    print(f"spaCy-pijplijn gebouwd in {build_pipeline(args.target)}")


if __name__ == "__main__":
    main()
