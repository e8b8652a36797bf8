"""Score saved predictions: ``python -m ratsinfo.eval GOLD_DIR PRED_DIR [--json]``.

``PRED_DIR/<corpus file name>.json`` holds the prediction for ``GOLD_DIR/<same>.json``
(e.g. the output of ``ratsinfo extract FILE --json``); a missing file scores as empty.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .report import GOLD_SUFFIX, evaluate, load_json
from .schema import SECTIONS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ratsinfo.eval", description=__doc__)
    parser.add_argument("gold_dir", type=Path)
    parser.add_argument("pred_dir", type=Path)
    parser.add_argument("--section", action="append", choices=SECTIONS, dest="sections")
    parser.add_argument("--json", action="store_true", help="print Report.as_dict() as JSON")
    args = parser.parse_args(argv)

    def predict(path: Path) -> Any:
        saved = args.pred_dir / (path.name + GOLD_SUFFIX)
        return load_json(saved) if saved.is_file() else {}

    report = evaluate(args.gold_dir, predict, args.pred_dir, sections=args.sections)
    if args.json:
        json.dump(report.as_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(report.format_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
