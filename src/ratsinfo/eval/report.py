"""Scores over a set of gold files: precision, recall and F1 per section, per field, micro.

Counts are summed over files before any ratio is taken, so the micro-average weighs every
fact of every file equally (README, step 4).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .scoring import Counts, Tally, check_sections, score_file

GOLD_SUFFIX = ".json"


@dataclass(slots=True)
class Report:
    """Summed counts plus the counts of each file (by corpus file name)."""

    files: dict[str, Counts] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def counts(self) -> Counts:
        total = Counts()
        for counts in self.files.values():
            total = total + counts
        return total

    @property
    def micro(self) -> Tally:
        return self.counts.total()

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable: micro, per section, per ``section.field``, per file."""
        counts = self.counts
        return {
            "micro": counts.total().as_dict(),
            "sections": {name: t.as_dict() for name, t in counts.by_section().items()},
            "fields": {name: t.as_dict() for name, t in counts.by_field().items()},
            "files": {
                name: {
                    "micro": c.total().as_dict(),
                    "sections": {s: t.as_dict() for s, t in c.by_section().items()},
                }
                for name, c in sorted(self.files.items())
            },
            "errors": dict(sorted(self.errors.items())),
        }

    def format_text(self) -> str:
        """A plain-text table: each section, its fields indented below it, then micro."""
        counts = self.counts
        fields = counts.by_field()
        rows: list[tuple[str, Tally]] = []
        for section, tally in counts.by_section().items():
            rows.append((section, tally))
            rows.extend(
                ("  " + name[len(section) + 1 :], t)
                for name, t in fields.items()
                if name.startswith(section + ".")
            )
        labels = [label for label, _ in rows] + list(self.files) + ["micro (all facts)"]
        width = max(len(label) for label in labels)
        lines = [_header(width, "field")]
        lines += [_row(label, t, width) for label, t in rows]
        lines.append("-" * len(lines[0]))
        lines.append(_row("micro (all facts)", counts.total(), width))
        if len(self.files) > 1:
            lines += ["", _header(width, "file")]
            lines += [_row(name, c.total(), width) for name, c in sorted(self.files.items())]
        for name, message in sorted(self.errors.items()):
            lines.append(f"error in {name}: {message}")
        return "\n".join(lines)


def _header(width: int, first: str) -> str:
    return f"{first:<{width}} {'tp':>6} {'fp':>6} {'fn':>6} {'prec':>6} {'rec':>6} {'f1':>6}"


def _row(label: str, t: Tally, width: int) -> str:
    return (
        f"{label:<{width}} {t.tp:>6} {t.fp:>6} {t.fn:>6} "
        f"{t.precision:>6.3f} {t.recall:>6.3f} {t.f1:>6.3f}"
    )


def gold_files(gold_dir: Path) -> list[Path]:
    """The gold files of a directory, sorted: ``<corpus file name>.json``."""
    return sorted(p for p in Path(gold_dir).glob("*" + GOLD_SUFFIX) if p.is_file())


def load_json(path: Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def evaluate(
    gold_dir: Path,
    predict: Callable[[Path], Mapping[str, Any]],
    corpus_dir: Path,
    *,
    sections: Iterable[str] | None = None,
    catch_errors: bool = False,
) -> Report:
    """Score ``predict(corpus_dir / <name>)`` against every ``gold_dir/<name>.json``.

    With ``catch_errors`` a prediction that raises is recorded in ``Report.errors`` and
    scored as an empty prediction (all its gold facts missed) instead of stopping the run.
    """
    wanted = None if sections is None else tuple(check_sections(sections))
    report = Report()
    for gold_path in gold_files(gold_dir):
        name = gold_path.name[: -len(GOLD_SUFFIX)]
        gold = load_json(gold_path)
        try:
            predicted = predict(Path(corpus_dir) / name)
        except Exception as exc:
            if not catch_errors:
                raise
            report.errors[name] = f"{type(exc).__name__}: {exc}"
            predicted = {}
        report.files[name] = score_file(gold, predicted, sections=wanted)
    return report
