"""`ratsinfo cooperations …` and `ratsinfo report …` commands."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from ratsinfo.register.errors import RegisterError

F = TypeVar("F", bound=Callable[..., Any])

CSV_COLUMNS = (
    "id", "body", "unit", "title", "kind", "legal_form", "status", "since", "until",
    "field", "category", "partners", "report_years", "corrected",
)  # fmt: skip


def _setup() -> None:
    from ratsinfo.cli import _django

    _django()


def _user_errors(fn: F) -> F:
    """Register errors are the user's to fix: one line, exit 1, no traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except RegisterError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper  # type: ignore[return-value]


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _body(name: str | None) -> Any:
    from ratsinfo.register.queries import find_body

    return find_body(name)


@click.group()
def cooperations() -> None:
    """The cooperation register (interkommunale Zusammenarbeit)."""


@cooperations.command(name="list")
@click.option("--body", default=None, help="only this body (Körperschaft)")
@click.option("--partner", default=None, help="partner name, alias or official key")
@click.option("--field", "field_", default=None, help="field of activity")
@click.option("--json", "as_json", is_flag=True)
@click.option("--csv", "as_csv", is_flag=True)
@_user_errors
def list_(body: str | None, partner: str | None, field_: str | None, as_json: bool, as_csv: bool) -> None:
    """List the cooperations of the register (corrections applied)."""
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    _setup()
    from ratsinfo.register.queries import listing

    rows = listing(_body(body), partner, field_)
    if as_json:
        _echo_json(rows)
        return
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for r in rows:
            writer.writerow(
                "; ".join(map(str, r[c])) if isinstance(r[c], list) else r[c] for c in CSV_COLUMNS
            )
        return
    for r in rows:
        years = "-".join(str(y) for y in (r["report_years"][:1] + r["report_years"][1:][-1:]))
        click.echo(
            f"{r['id']:>5} {years:<9} {r['unit'][:12]:<12} {r['field'][:20]:<20} {r['title']}"
            + (f"  [{', '.join(r['partners'])}]" if r["partners"] else "")
        )
    click.echo(f"{len(rows)} cooperations")


@cooperations.command()
@click.argument("before", type=int)
@click.argument("after", type=int)
@click.option("--body", default=None)
@click.option("--json", "as_json", is_flag=True)
@_user_errors
def diff(before: int, after: int, body: str | None, as_json: bool) -> None:
    """New, continued and ended cooperations between two report years."""
    _setup()
    from ratsinfo.register.queries import diff as run

    result = run(before, after, _body(body))
    if as_json:
        _echo_json(result.as_dict())
        return
    for label, rows in (("new", result.new), ("continued", result.continued), ("ended", result.ended)):
        click.echo(f"{label} ({len(rows)}):")
        for r in rows:
            click.echo(f"  {r['title']}" + (f" ({r['unit']})" if r["unit"] else ""))


@cooperations.command()
@click.option("--body", default=None)
@click.option("--json", "as_json", is_flag=True, help="partners, cooperations, fields as JSON")
@click.option("--svg", "svg_file", type=click.Path(dir_okay=False, path_type=Path), default=None)
@_user_errors
def network(body: str | None, as_json: bool, svg_file: Path | None) -> None:
    """The partner network: partners, number of cooperations, fields."""
    _setup()
    from ratsinfo.register.queries import network as build
    from ratsinfo.register.svg import network_svg

    b = _body(body)
    data = build(b)
    if b is None and data["partners"]:
        from ratsinfo.store.models import Body

        names = list(Body.objects.filter(cooperations__deleted=False).distinct().values_list("name", flat=True))
        data["body"] = names[0] if len(names) == 1 else ", ".join(names)
    if svg_file:
        svg_file.write_text(network_svg(data), encoding="utf-8")
        click.echo(f"wrote {svg_file} ({len(data['partners'])} partners)", err=as_json)
    if as_json or not svg_file:
        _echo_json(data)


@cooperations.command(name="map")
@click.option("--body", default=None)
@click.option("--svg", "svg_file", type=click.Path(dir_okay=False, path_type=Path), required=True)
@_user_errors
def map_(body: str | None, svg_file: Path) -> None:
    """A map of the partner municipalities (gazetteer coordinates, plain SVG)."""
    _setup()
    from ratsinfo.register.aggregate import map_points
    from ratsinfo.register.queries import network as build
    from ratsinfo.register.svg import map_svg

    b = _body(body)
    data = build(b)
    points = map_points(data, [b] if b is not None else [])
    svg_file.write_text(map_svg(points, f"Kooperationspartner {b.name if b else ''}".strip()),
                        encoding="utf-8")
    missing = len(data["partners"]) - sum(1 for p in points if not p.get("home"))
    click.echo(f"wrote {svg_file} ({len(points)} places; {missing} partners without coordinates)")


@click.group()
def report() -> None:
    """Draft reports from the store."""


@report.command(name="cooperations")
@click.option("--body", required=True, help='the body, e.g. "Landeshauptstadt Musterstadt"')
@click.option("--year", type=int, required=True, help="report year")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "html"]), default="md", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
@_user_errors
def report_cooperations(body: str, year: int, fmt: str, output: Path | None) -> None:
    """Draft the cooperation report: overview by unit plus year over year."""
    if output is None and fmt == "docx":
        raise click.UsageError("docx needs --output FILE")
    _setup()
    from ratsinfo.register.queries import overview
    from ratsinfo.register.report import render

    data = render(overview(_body(body), year), fmt)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    output.write_bytes(data)
    click.echo(f"wrote {output}")
