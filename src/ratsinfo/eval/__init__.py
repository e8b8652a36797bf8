"""Scoring extractions against the gold answers (/work/shared/gold/README.md).

Public API:

* :func:`score_file` — one gold dict against one predicted dict → :class:`Counts`
  (tp/fp/fn per ``(section, field)``);
* :func:`evaluate` — every ``<name>.json`` of a gold directory against
  ``predict(corpus_dir / <name>)`` → :class:`Report` (``as_dict()``, ``format_text()``);
* :mod:`.normalise` — the README's string normalisation and similarity.

The counting decisions are documented in :mod:`ratsinfo.eval.scoring` and docs/eval.md.
"""

from .normalise import normalise, normalise_person, normalise_place, similarity
from .report import Report, evaluate, gold_files
from .schema import SECTIONS
from .scoring import Counts, Tally, gold_facts, score_file

__all__ = [
    "SECTIONS",
    "Counts",
    "Report",
    "Tally",
    "evaluate",
    "gold_facts",
    "gold_files",
    "normalise",
    "normalise_person",
    "normalise_place",
    "score_file",
    "similarity",
]
