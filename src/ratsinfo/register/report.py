"""The report draft: the overview table by unit and the year-over-year section.

Cities lay their cooperation report out as one table, a row per responsible unit, the
unit's cooperations in the second cell as a bold title followed by the description. The
draft follows that, then lists what is new, continued and ended since the previous report.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ratsinfo.register.queries import Overview

TEMPLATES = Path(__file__).resolve().parent / "templates"
UNIT_HEADER = "Bereich"
COOPERATIONS_HEADER = "Kooperationen"


def title_of(ov: Overview) -> str:
    return f"Bericht zur interkommunalen Zusammenarbeit {ov.year} – {ov.body}"


def body_text(coop: dict[str, Any]) -> str:
    """The description, without the title when the extraction repeats it at the start."""
    desc, title = coop["description"] or "", coop["title"] or ""
    if title and desc.startswith(title):
        desc = desc[len(title) :].lstrip(" .:–-\n")
    return desc


def partner_line(coop: dict[str, Any]) -> str:
    names = list(coop["partners"]) + [p for p in coop["partner_phrases"] if p not in coop["partners"]]
    return "Partner: " + ", ".join(names) if names else ""


def facts_line(coop: dict[str, Any]) -> str:
    """Legal form, status and dates, where known, as one short line."""
    parts = [coop["legal_form"], coop["status"]]
    if coop["since"]:
        parts.append(f"seit {coop['since']}")
    if coop["until"]:
        parts.append(f"bis {coop['until']}")
    return " · ".join(p for p in parts if p)


def section_rows(ov: Overview) -> list[tuple[str, list[dict[str, Any]]]]:
    """The year-over-year section as (heading, cooperations)."""
    if ov.diff is None:
        return []
    d = ov.diff
    return [
        (f"Neu seit {d.before}", d.new),
        (f"Fortgeführt seit {d.before}", d.continued),
        (f"Beendet seit {d.before}", d.ended),
    ]


def no_previous_note(ov: Overview) -> str:
    return f"Das Register enthält keinen früheren Bericht als {ov.year}; kein Vorjahresvergleich."


def render_markdown(ov: Overview) -> str:
    out = [f"# {title_of(ov)}", "", f"## Übersicht nach {UNIT_HEADER}", ""]
    out += [f"| {UNIT_HEADER} | {COOPERATIONS_HEADER} |", "|---|---|"]
    for row in ov.units:
        parts = []
        for c in row.cooperations:
            bits = [f"**{_md(c['title'])}**"]
            bits += [_md(x) for x in (body_text(c), partner_line(c), facts_line(c)) if x]
            parts.append("<br>".join(bits))
        out.append(f"| {_md(row.unit)} | {'<br><br>'.join(parts)} |")
    out += ["", "## Entwicklung gegenüber dem Vorjahr", ""]
    if ov.diff is None:
        out.append(no_previous_note(ov))
    for heading, coops in section_rows(ov):
        out += [f"### {heading} ({len(coops)})", ""]
        out += [f"- {_md(c['title'])}" + (f" ({_md(c['unit'])})" if c["unit"] else "") for c in coops]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md(text: str) -> str:
    """Keep a value on one table line and from breaking the table or the emphasis."""
    text = " ".join(str(text).split())
    for ch in "\\|*_`<>[]":
        text = text.replace(ch, "\\" + ch)
    return text


def render_html(ov: Overview) -> str:
    from django.template import Context, Engine

    # A standalone engine: the register is no installed app, and autoescape stays on.
    engine = Engine(dirs=[str(TEMPLATES)], autoescape=True)
    template = engine.get_template("register/cooperation_report.html")
    context = {
        "title": title_of(ov),
        "ov": ov,
        "unit_header": UNIT_HEADER,
        "cooperations_header": COOPERATIONS_HEADER,
        "units": [
            {
                "unit": row.unit,
                "cooperations": [
                    {**c, "description": body_text(c), "partner_line": partner_line(c),
                     "facts_line": facts_line(c)}
                    for c in row.cooperations
                ],
            }
            for row in ov.units
        ],
        "sections": [{"heading": h, "cooperations": cs} for h, cs in section_rows(ov)],
        "no_previous": no_previous_note(ov) if ov.diff is None else "",
    }
    return template.render(Context(context))


def render_docx(ov: Overview) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.add_heading(title_of(ov), level=1)
    document.add_heading(f"Übersicht nach {UNIT_HEADER}", level=2)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    head = table.rows[0].cells
    for cell, text in zip(head, (UNIT_HEADER, COOPERATIONS_HEADER), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for row in ov.units:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(row.unit).bold = True
        cell = cells[1]
        first = True
        for c in row.cooperations:
            para = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            para.add_run(c["title"]).bold = True
            description = body_text(c)
            if description:
                cell.add_paragraph(description)
            for extra in (partner_line(c), facts_line(c)):
                if extra:
                    small = cell.add_paragraph().add_run(extra)
                    small.font.size = Pt(9)
    document.add_heading("Entwicklung gegenüber dem Vorjahr", level=2)
    if ov.diff is None:
        document.add_paragraph(no_previous_note(ov))
    for heading, coops in section_rows(ov):
        document.add_heading(f"{heading} ({len(coops)})", level=3)
        for c in coops:
            label = c["title"] + (f" ({c['unit']})" if c["unit"] else "")
            document.add_paragraph(label, style="List Bullet")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def render(ov: Overview, fmt: str) -> bytes:
    if fmt == "docx":
        return render_docx(ov)
    if fmt == "html":
        return render_html(ov).encode("utf-8")
    if fmt == "md":
        return render_markdown(ov).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")
