"""The `ratsinfo` command: a thin layer over the library."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from ratsinfo import config


def _django() -> None:
    """Set up Django and bring the schema up to date (SQLite needs no other setup)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ratsinfo.site.settings")
    url = config.database_url()
    if url.startswith("sqlite"):
        config.home().mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ratsinfo")
def main() -> None:
    """ratsinfo: German council documents as a linked, searchable record."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--jobs", "-j", default=1, show_default=True, help="parser processes")
@click.option("--max-size", type=float, default=None, help="size limit per file in MB")
@click.option("--quiet", "-q", is_flag=True, help="only the summary and errors")
def ingest(paths: tuple[Path, ...], jobs: int, max_size: float | None, quiet: bool) -> None:
    """Ingest files and directories (recursively)."""
    _django()
    from ratsinfo.store.ingest import ingest as run

    def report(status: str, path: str, detail: str) -> None:
        if status == "failed":
            click.echo(f"error: {path}: {detail}", err=True)
        elif not quiet:
            click.echo(f"{status}: {path}" + (f" ({detail})" if detail else ""))

    max_bytes = int(max_size * 1024 * 1024) if max_size else None
    summary = run(paths, jobs=max(1, jobs), max_bytes=max_bytes, on_event=report)
    if summary.skipped and not quiet:
        click.echo(f"skipped {len(summary.skipped)} non-document files: "
                   + ", ".join(Path(s).name for s in summary.skipped))
    click.echo(summary.line())
    sys.exit(0 if summary.ok else 2)


@main.command(name="list")
@click.argument("what", type=click.Choice(["papers", "meetings", "documents", "persons", "organizations"]))
@click.option("--json", "as_json", is_flag=True)
def list_(what: str, as_json: bool) -> None:
    """List papers, meetings, documents, persons or organizations."""
    _django()
    from ratsinfo.store.queries import LISTS

    rows = LISTS[what]()
    if as_json:
        _json(rows)
        return
    for r in rows:
        if what == "papers":
            click.echo(f"{r['reference']:<16} {r['kind'] or '':<20} {r['title'] or ''}")
        elif what == "meetings":
            click.echo(f"{r['start'] or '':<26} {', '.join(r['organizations'])}")
        elif what == "documents":
            label = r["reference"] or r["title"] or ""
            rend = "  (rendition)" if r["rendition_of"] else ""
            click.echo(f"{r['kind']:<20} {label[:70]:<70} {Path(r['file']).name}{rend}")
        else:
            click.echo(r["name"])


@main.command()
@click.argument("key")
@click.option("--json", "as_json", is_flag=True)
def show(key: str, as_json: bool) -> None:
    """Show a paper by reference or id, with its documents, files and renditions."""
    _django()
    from ratsinfo.store.queries import find_paper, show_paper

    paper = find_paper(key)
    if paper is None:
        click.echo(f"error: no paper {key!r}", err=True)
        sys.exit(1)
    data = show_paper(paper)
    if as_json:
        _json(data)
        return
    click.echo(f"{data['reference']}  {data['kind']}  ({data['body']})")
    click.echo(f"  {data['title']}")
    if data["date"]:
        click.echo(f"  erstellt: {data['date']}")
    if data["originators"]:
        click.echo(f"  Einreicher: {'; '.join(data['originators'])}")
    if data["consultations"]:
        click.echo("  Beratungsfolge:")
        for c in data["consultations"]:
            click.echo(f"    {c['date'] or '':<10}  {c['organization']}  {c['role'] or ''}".rstrip())
            if c.get("agenda_item"):
                votes = "; ".join(_vote_text(v) for v in c.get("votes") or [])
                click.echo(
                    f"      TOP {c['agenda_item']}: {c.get('result') or 'ohne Ergebnis'}"
                    + (f" ({votes})" if votes else "")
                )
    if data.get("resolution_proposal"):
        click.echo("  Beschlussvorschlag:")
        for line in data["resolution_proposal"].splitlines():
            if line.strip():
                click.echo(f"    {line.strip()}")
    if data.get("civic_budget"):
        cb = data["civic_budget"]
        click.echo(f"  Bürgerhaushalt: Vorschlag {cb['number'] or '?'}, {cb['points'] or '?'} Punkte")
    if data.get("obligations"):
        click.echo("  Aufträge:")
        for o in data["obligations"]:
            flag = "  ÜBERFÄLLIG" if o["overdue"] else ""
            click.echo(f"    bis {o['due'] or '?'}: {o['what']}{flag}")
    click.echo("  Dateien:")
    for f in data["files"]:
        mark = "Hauptdatei" if f["main"] else "Rendition/Anlage"
        click.echo(f"    {f['file_name']}  [{mark}, {f['mime_type']}, {f['size']} B]")


def _vote_text(v: dict[str, Any]) -> str:
    counts = ", ".join(f"{v[k]} {label}" for k, label in
                       (("yes", "Ja"), ("no", "Nein"), ("abstain", "Enthaltung")) if k in v)
    text = v.get("kind") or ""
    if counts:
        text = f"{text}, {counts}" if text else counts
    return f"{v['subject']}: {text}" if v.get("subject") else text


@main.command()
@click.option("--json", "as_json", is_flag=True)
def stats(as_json: bool) -> None:
    """Counts of what the store holds."""
    _django()
    from ratsinfo.store.queries import stats as compute

    data = compute()
    if as_json:
        _json(data)
        return
    for key, value in data.items():
        if isinstance(value, dict):
            inner = ", ".join(f"{k} {v}" for k, v in value.items())
            click.echo(f"{key}: {inner}")
        else:
            click.echo(f"{key}: {value}")


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="print in the gold format")
def extract(file: Path, as_json: bool) -> None:
    """Extract one file in memory (no database) and print what it says."""
    from ratsinfo.extract.gold import to_gold
    from ratsinfo.pipeline import load_bytes, parse_bytes
    from ratsinfo.read.base import ReadError

    max_bytes = config.max_file_bytes()
    try:
        reading, extraction = parse_bytes(load_bytes(file, max_bytes), max_bytes=max_bytes)
    except ReadError as exc:
        click.echo(f"error: {file}: {exc}", err=True)
        sys.exit(2)
    data = to_gold(file.name, extraction)
    if as_json:
        _json(data)
        return
    click.echo(f"{file.name}: {reading.format}, body {data.get('body')}")
    for d in data["documents"]["items"]:
        click.echo(f"  {d['kind']:<20} {d.get('reference') or d.get('title')}")


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--corpus", "corpus_dir", required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--section", "sections", multiple=True, help="score only these sections")
@click.option("--json", "as_json", is_flag=True)
def eval_(gold_dir: Path, corpus_dir: Path, sections: tuple[str, ...], as_json: bool) -> None:
    """Score extraction against gold files (rules of the gold README)."""
    from ratsinfo.eval import evaluate
    from ratsinfo.extract.gold import to_gold
    from ratsinfo.pipeline import load_bytes, parse_bytes

    max_bytes = config.max_file_bytes()

    def predict(path: Path) -> dict[str, Any]:
        _, extraction = parse_bytes(load_bytes(path, max_bytes), max_bytes=max_bytes)
        return to_gold(path.name, extraction)

    kwargs: dict[str, Any] = {"sections": sections} if sections else {}
    report = evaluate(gold_dir, predict, corpus_dir, **kwargs)
    if as_json:
        _json(report.as_dict())
    else:
        click.echo(report.format_text())


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int,
              help="worker processes (gunicorn); about one per core")
@click.option("--dev", is_flag=True, help="Django's development server instead of gunicorn")
def serve(host: str, port: int, workers: int, dev: bool) -> None:
    """Serve the web UI, the OParl API and the admin (gunicorn, a production WSGI server)."""
    _django()
    click.echo(f"serving ratsinfo at http://{host}:{port}/ (Ctrl+C to stop)")
    if dev:
        from django.core.management import call_command

        call_command("runserver", f"{host}:{port}", use_reloader=False)
        return
    from ratsinfo.site.server import run

    run(host, port, workers=max(1, workers))


def _register_commands() -> None:
    from ratsinfo.oparl.cli import oparl
    from ratsinfo.register.cli import cooperations, report
    from ratsinfo.search.cli import reindex, search

    for command in (cooperations, report, search, reindex, oparl):
        main.add_command(command)


_register_commands()

if __name__ == "__main__":
    main()
