"""One-shot conversion: one ``soffice --convert-to pdf`` process for a list of documents.

Each call gets its own LibreOffice profile (a second soffice on a shared profile hands its work
to the first or fails), the project's fontconfig file (the standard's font names mapped to open
faces, for this process only), a timeout, and its whole process group killed on timeout
(soffice is a wrapper around soffice.bin).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

from docgen.errors import ConversionError
from docgen.i18n import _
from docgen.scratch import scratch_dir

FONTS_CONF = Path(__file__).with_name("fonts.conf")


def soffice_path() -> str | None:
    """Return the LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def conversion_environment(scratch: Path | None = None) -> dict[str, str]:
    """Return the environment of a LibreOffice process: our font mapping, no proxy settings.

    ``scratch`` (a docgen scratch folder) becomes its TMPDIR: the ``lu*.tmp`` folder soffice
    makes there goes with the folder, also when a ``kill -9`` leaves it to the next run's sweep.
    """
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    env["SAL_USE_VCLPLUGIN"] = "svp"
    if scratch is not None:
        env["TMPDIR"] = str(scratch)
    return env


def convert_to_pdf(documents: Sequence[Path], out_dir: Path, timeout: float = 120.0) -> list[Path]:
    """Convert ``documents`` to PDF in ``out_dir`` with one soffice process; return the PDFs in order."""
    soffice = soffice_path()
    if soffice is None:
        raise ConversionError(_("LibreOffice (soffice) is not installed; run scripts/setup.sh"))
    out_dir.mkdir(parents=True, exist_ok=True)
    with scratch_dir("lo") as profile:
        command = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, documents),
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=conversion_environment(Path(profile)),
            start_new_session=True,
        )
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionError(
                _("LibreOffice did not finish within {seconds} s").format(seconds=timeout)
            ) from None
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    pdfs = [out_dir / f"{Path(d).stem}.pdf" for d in documents]
    missing = [p for p in pdfs if not p.is_file()]
    if process.returncode != 0 or missing:
        raise ConversionError(
            _("LibreOffice did not convert {files}: {error}").format(
                files=", ".join(p.name for p in missing) or "-",
                error=err.decode(errors="replace").strip()[-300:],
            )
        )
    return pdfs
