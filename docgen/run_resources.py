"""What one run reads from the settings' folders, read once and handed down to every stage.

The edge (the command line, a server, a test) builds a :class:`RunResources` from its
:class:`~docgen.config.Settings`; commands take it and give compose and publish the loaded
values (the .docx template, the letterhead lookup, the text-template environment).  Nothing
below the commands looks a template or a letterhead up again.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from docgen.config import Settings
from docgen.load.letterheads import find_letterhead
from docgen.load.paths import AttachmentPolicy
from docgen.model import Letterhead
from docgen.workdays import Calendar, load_calendar

if TYPE_CHECKING:
    from jinja2 import Environment

    from docgen.emit.docx.template import Template


class RunResources:
    """The settings of one run and what is loaded from them, each at most once (on first use)."""

    def __init__(self, settings: Settings | None = None, *, allow_outside: bool = False) -> None:
        self.settings = settings or Settings()
        self.attachments = AttachmentPolicy(self.settings.attachment_dirs, allow_outside)
        self._letterheads: dict[str, Letterhead] = {}

    @cached_property
    def template(self) -> Template:
        """Return the general-format .docx template found along the settings' template folders."""
        from docgen.emit.docx.template import load_template  # lazy: a Typst preview needs no .docx

        return load_template(self.settings.template_dirs)

    @cached_property
    def env(self) -> Environment:
        """Return the (sandboxed) environment of the text templates: 督办, 通报 and 简报 bodies."""
        from docgen.templating import make_env  # lazy: a notice is not made from text templates

        return make_env(self.settings.template_dirs, self.calendar)

    @cached_property
    def calendar(self) -> Calendar:
        """Return the working-day calendar: the settings' holiday files, then the built-in one."""
        return load_calendar(self.settings.holiday_files)

    def letterhead(self, key: str) -> Letterhead:
        """Return the letterhead named ``key`` (its file or its 发文机关标志) along the settings' folders."""
        if key not in self._letterheads:
            self._letterheads[key] = find_letterhead(key, self.settings.letterhead_dirs)
        return self._letterheads[key]
