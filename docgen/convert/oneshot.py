"""One-shot conversion: one ``soffice --convert-to pdf`` process for a list of documents.

Each call gets its own LibreOffice profile (a second soffice on a shared profile hands its work
to the first or fails), the project's fontconfig file (the standard's font names mapped to open
faces, for this process only), a timeout, and its whole process group killed on timeout
(soffice is a wrapper around soffice.bin).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from docgen.errors import ConversionError
from docgen.i18n import _
from docgen.scratch import scratch_dir

FONTS_CONF = Path(__file__).with_name("fonts.conf")


def soffice_path() -> str | None:
    """Return the LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


# Settings of every LibreOffice profile docgen starts, read by soffice on its first start: the
# offline copy (offline.py) already holds no link, and these keep LibreOffice itself from
# reaching out should one slip through.  BlockUntrustedRefererLinks refuses links of documents
# whose referer is not a trusted location (uno_worker.load_hidden gives every document one); the
# proxy, an address nothing listens on, is where any remaining http/https/ftp request would go
# (LibreOffice asks no proxy for localhost only); macros never run; links are never updated.
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{items}
</oor:items>
"""
_SETTINGS = (
    ("org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("org.openoffice.Office.Writer/Content/Update", "Link", "0"),
    ("org.openoffice.Office.Calc/Content/Update", "Link", "0"),
    ("org.openoffice.Inet/Settings", "ooInetProxyType", "2"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "127.0.0.1"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "9"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "127.0.0.1"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "9"),
    ("org.openoffice.Inet/Settings", "ooInetFTPProxyName", "127.0.0.1"),
    ("org.openoffice.Inet/Settings", "ooInetFTPProxyPort", "9"),
    ("org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
)


def seed_profile(profile: Path) -> None:
    """Write docgen's settings (PROFILE_SETTINGS) into a LibreOffice profile folder not yet started."""
    items = "\n".join(
        f'<item oor:path="/{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
        for path, name, value in _SETTINGS
    )
    folder = profile / "user"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "registrymodifications.xcu").write_text(PROFILE_SETTINGS.format(items=items), encoding="utf-8")


@lru_cache(maxsize=8)
def _locale_exists(name: str) -> bool:
    """Return True if the C library has the locale ``name`` (e.g. not a zh_CN.UTF-8 never generated)."""
    # newlocale(3) answers without touching this process's locale (setlocale would, for every thread)
    try:
        libc = ctypes.CDLL(None)
        libc.newlocale.restype = ctypes.c_void_p
        libc.newlocale.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)
        handle = libc.newlocale(1, name.encode(), None)  # 1: LC_CTYPE_MASK
    except (OSError, AttributeError):
        return True  # no way to ask: leave the locale as it is
    if not handle:
        return False
    libc.freelocale.argtypes = (ctypes.c_void_p,)
    libc.freelocale(handle)
    return True


def usable_locale(env: dict[str, str]) -> str | None:
    """Return the locale to give LibreOffice instead of ``env``'s (C.UTF-8), or None to keep it.

    With a locale the machine does not have, or none, soffice runs in the C locale, whose ASCII
    cannot spell a Chinese file name: "type detection failed" (hostile8 #11).  C.UTF-8 is what the
    C library does then anyway, with UTF-8 file names.
    """
    name = env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or ""
    if name and name not in ("C", "POSIX") and _locale_exists(name):
        return None
    return "C.UTF-8" if _locale_exists("C.UTF-8") else None


def conversion_environment(scratch: Path | None = None) -> dict[str, str]:
    """Return the environment of a LibreOffice process: our font mapping, a locale that exists.

    ``scratch`` (a docgen scratch folder) becomes its TMPDIR: the ``lu*.tmp`` folder soffice
    makes there goes with the folder, also when a ``kill -9`` leaves it to the next run's sweep.
    """
    env = dict(os.environ)
    locale = usable_locale(env)
    if locale is not None:
        env["LC_ALL"] = locale
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
        seed_profile(Path(profile))
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
