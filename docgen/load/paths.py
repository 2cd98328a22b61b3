"""Where a notice may read its attachments from: its own folder, configured folders, or anywhere if allowed.

A notice names attachment files relative to its folder.  An absolute path, a ``../`` or a symlink
leading out of that folder is refused unless the folder is listed in the config file
(``[paths] attachments``) or the run allows it (``--allow-outside``): a notice received from
someone else must not be able to embed ``~/.ssh/id_rsa`` in a document that is then sent out.

The policy is a value: the edge builds it (``RunResources.attachments``) and hands it to
``load_notice``; the default is the strict one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.load.limits import MAX_NAME_BYTES


@dataclass(frozen=True)
class AttachmentPolicy:
    """Folders attachments may come from besides the notice's own, and whether anywhere is allowed."""

    folders: tuple[Path, ...] = ()
    allow_outside: bool = False


STRICT = AttachmentPolicy()  # the notice's own folder only


def _too_long(name: str) -> str | None:
    for part in Path(name).parts:
        if len(os.fsencode(part)) > MAX_NAME_BYTES:
            return part
    return None


def resolve_attachment(notice: Path, name: str, where: Location, policy: AttachmentPolicy) -> Path:
    """Return the path of the attachment file ``name`` of ``notice`` (as written), if it may be read.

    The path as written is returned, not its target: its suffix says how to read it, and messages
    name what the notice says.
    """
    if "\x00" in name or not name.strip():
        raise DataError(_("not a file name: {name!r}").format(name=name[:80]), where)
    long_part = _too_long(name)
    if long_part is not None:
        raise DataError(
            _("a file name longer than {limit} bytes: {name}…").format(
                limit=MAX_NAME_BYTES, name=long_part[:40]
            ),
            where,
        )
    candidate = notice.parent / name
    try:
        real = candidate.resolve(strict=True)
    except FileNotFoundError:
        raise DataError(_("attachment file not found: {path}").format(path=candidate), where) from None
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        raise DataError(_("a symlink loop: {path}").format(path=candidate), where) from None
    except OSError as error:
        raise DataError(
            _("cannot read the attachment {path}: {error}").format(
                path=candidate, error=error.strerror or error
            ),
            where,
        ) from None
    if policy.allow_outside:
        return candidate
    allowed = (notice.parent.resolve(), *(folder.resolve() for folder in policy.folders))
    if not any(real.is_relative_to(folder) for folder in allowed):
        raise DataError(
            _(
                "the attachment {path} is outside the notice's folder {folder}; pass --allow-outside, "
                "or list its folder under [paths] attachments in docgen.toml"
            ).format(
                path=real if str(real) == str(candidate) else f"{candidate} → {real}", folder=allowed[0]
            ),
            where,
        )
    return candidate
