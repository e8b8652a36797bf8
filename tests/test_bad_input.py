"""Bad input: a clear one-line error per file, the batch goes on, nothing stored is lost."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import CORPUS, run_cli

pytestmark = [pytest.mark.store, pytest.mark.slow]

GOOD = CORPUS / "potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-b.txt"


def _pdf(encrypted: bool = False) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Niederschrift der 3. Sitzung des Ortsbeirates")
    if encrypted:
        pdf.set_encryption(owner_password="owner", user_password="geheim")
    return bytes(pdf.output())


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB of zeros, a few hundred KB compressed
                fh.write(chunk)
    return buf.getvalue()


def _bad_files(folder: Path) -> dict[str, str]:
    """name → a word the error line must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "leer.txt").write_bytes(b"")
    (folder / "nur_leerzeichen.txt").write_bytes(b"  \n\n \t\n")
    (folder / "rauschen.bin").write_bytes(os.urandom(64 * 1024))
    good_pdf = _pdf()
    (folder / "abgeschnitten.pdf").write_bytes(good_pdf[: len(good_pdf) // 2])
    (folder / "verschluesselt.pdf").write_bytes(_pdf(encrypted=True))
    (folder / "bombe.docx").write_bytes(_zip_bomb())
    (folder / "kaputt.docx").write_bytes(b"PK\x03\x04" + os.urandom(2000))
    (folder / "utf16_ohne_bom.txt").write_bytes("Sitzung".encode("utf-16-le") + os.urandom(300))
    (folder / "verweis_ins_leere.txt").symlink_to(folder / "gibt_es_nicht.txt")
    os.mkfifo(folder / "pipe.txt")
    return {
        "leer.txt": "empty",
        "nur_leerzeichen.txt": "empty",
        "rauschen.bin": "",
        "abgeschnitten.pdf": "PDF",
        "verschluesselt.pdf": "password",
        "bombe.docx": "zip bomb",
        "kaputt.docx": "",
        "utf16_ohne_bom.txt": "",
        "verweis_ins_leere.txt": "not found",
        "pipe.txt": "regular file",
    }


def test_every_bad_file_gets_one_error_line_and_the_batch_goes_on(cli_env, tmp_path) -> None:
    folder = tmp_path / "eingang"
    expected = _bad_files(folder)
    shutil.copy(GOOD, folder / "gut.txt")
    out = run_cli(cli_env, "ingest", str(folder))
    assert out.returncode == 2
    assert out.stdout.strip().splitlines()[-1] == f"1 ingested, 0 unchanged, {len(expected)} failed"
    errors = [line for line in out.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(expected), out.stderr
    for name, word in expected.items():
        line = next(e for e in errors if f"/{name}: " in e)
        assert word.lower() in line.lower(), line
        assert "Traceback" not in line
    papers = json.loads(run_cli(cli_env, "list", "papers", "--json").stdout)
    assert [p["reference"] for p in papers] == ["24/SVV/1155"]


def test_size_limit_is_enforced_and_configurable(cli_env, tmp_path) -> None:
    big = tmp_path / "gross.txt"
    shutil.copy(GOOD, big)
    out = run_cli(cli_env, "ingest", "--max-size", "0.01", str(big))
    assert out.returncode == 2
    assert "larger than the limit" in out.stderr
    env = dict(cli_env, RATSINFO_MAX_FILE_MB="0.01")
    assert "larger than the limit" in run_cli(env, "ingest", str(big)).stderr
    assert run_cli(cli_env, "ingest", str(big)).returncode == 0


def test_a_file_turned_bad_keeps_what_was_stored_before(cli_env, tmp_path) -> None:
    target = tmp_path / "vorlage.txt"
    shutil.copy(GOOD, target)
    assert run_cli(cli_env, "ingest", str(target)).returncode == 0
    before = run_cli(cli_env, "show", "24/SVV/1155", "--json").stdout
    target.write_bytes(os.urandom(4096))
    out = run_cli(cli_env, "ingest", str(target))
    assert out.returncode == 2
    assert out.stdout.strip().splitlines()[-1] == "0 ingested, 0 unchanged, 1 failed"
    assert run_cli(cli_env, "show", "24/SVV/1155", "--json").stdout == before
