"""The one Jinja environment factory: strict, escaping where markup is made, Babel filters for zh_CN.

Templates are found along the templates search path (the user's folders first, then the
built-in templates/), so an office edits the wording of generated prose by copying a template
into its own folder.  Prose templates (``*.md.j2``) produce the notice body syntax of
docgen/load/notice.py; values from ledgers go through the ``line`` filter, which keeps them on one
line and stops them from starting a heading or a table.  Markup templates (.xml, .html) are
autoescaped.

Every template runs in Jinja's immutable sandbox: a template copied from somewhere can reach
neither Python's internals (``cycler.__init__.__globals__``) nor change the values it is given;
trying is a TemplateRenderError naming the template, never code run.  Its work is bounded too
(docgen/template_budget.py): each render may take so many loop turns and calls, make values of so
many characters and write so much text; beyond that it stops with TemplateBudgetError.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    select_autoescape,
)
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen.errors import DocgenError
from docgen.i18n import _
from docgen.resources import search_path
from docgen.template_budget import BoundedSandbox, TemplateBudgetError
from docgen.workdays import Calendar, load_calendar, weekday_name

LOCALE = "zh_CN"


class TemplateRenderError(DocgenError):
    """A prose template is missing, malformed, or asks for a value that is not there."""


def date_filter(value: dt.date) -> str:
    """2025年10月10日 (Arabic numerals, no zero padding, as 7.3.5.4 writes dates)."""
    return format_date(value, "y年M月d日", locale=LOCALE)


def weekday_filter(value: dt.date, calendar: Calendar | None = None) -> str:
    """星期五; a Saturday or Sunday that is a working day (调休) says so: 星期六，调休上班日."""
    name = weekday_name(value)
    if value.weekday() >= 5 and (calendar or load_calendar()).is_workday(value):
        return name + "，调休上班日"
    return name


def number_filter(value: Decimal | int | float, places: int = 2) -> str:
    """1,234.50 with 四舍五入 (ROUND_HALF_UP) to ``places`` decimals, grouped as zh_CN does."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return format_decimal(rounded, format="#,##0." + "0" * places if places else "#,##0", locale=LOCALE)


def _half_up(value: Decimal | int | float, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def yi_filter(value: Decimal | int | float) -> str:
    """万元 as 亿元 with two decimals, 四舍五入: 123456 → 12.35."""
    return format_decimal(_half_up(Decimal(str(value)) / 10000, 2), format="#,##0.00", locale=LOCALE)


def percent_filter(value: Decimal | int | float | None, places: int = 2) -> str:
    """A fraction as a percentage, 四舍五入: 0.45678 → 45.68%; None → —."""
    if value is None:
        return "—"
    return f"{_half_up(Decimal(str(value)) * 100, places):.{places}f}%"


def pp_filter(value: Decimal | int | float | None, places: int = 2) -> str:
    """Percentage points, 四舍五入: 3.456 → 3.46; None → —."""
    if value is None:
        return "—"
    return f"{_half_up(value, places):.{places}f}"


def pp_text_filter(value: Decimal | int | float | None, places: int = 2) -> str:
    """Percentage points in running text, with the decimals they need: 20.00 → 20, 3.50 → 3.5, 3.456 → 3.46.

    Tables keep ``pp_filter``'s fixed decimals so that a column lines up.
    """
    if value is None:
        return "—"
    rounded = _half_up(value, places)
    if rounded == 0:
        return "0"  # not "-0"
    return f"{rounded:.{places}f}".rstrip("0").rstrip(".") if places else f"{rounded:.0f}"


def line_filter(value: object) -> str:
    """Return a value safe for one line of the notice body syntax (no line breaks, no leading # or |)."""
    text = str(value).strip()
    # a break after a clause's own punctuation (“未完成；⏎2.资金……”) is not a new clause: no “；；” (outsider26 #3)
    text = re.sub(r"(?<=[；;。，,、：:！？])\s*[\r\n]+\s*", "", text)
    text = re.sub(r"\s*[\r\n]+\s*", "；", text)
    return re.sub(r"^[#|]+\s*", "", text)


def clause_filter(value: object) -> str:
    """Return a value for one line ending in a punctuation mark the template adds: its own end punctuation
    dropped (“资金到位率偏低。” + “。” is not “。。”)."""
    return line_filter(value).rstrip("。；;，,、 ")


def cell_filter(value: object) -> str:
    """Return a value safe for one cell of a body table (a | becomes a full-width ｜)."""
    return line_filter(value).replace("|", "｜")


class _NoTemplates(BaseLoader):
    """The loader of a form read from a user's file: it includes, imports and extends nothing."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, None]:
        """Raise SecurityError: a form has no templates beside it."""
        raise SecurityError(_("a form cannot include, import or extend another template ({name})").format(name=template))


def make_env(
    template_dirs: Sequence[Path] = (), calendar: Calendar | None = None, *, loads: bool = True
) -> Environment:
    """Return the sandboxed, bounded Jinja environment: user template folders first, then the built-in
    ones; with ``loads`` False (a user's form) it loads no template at all."""
    folders = [str(p) for p in search_path("templates", template_dirs) if p.is_dir()] if loads else []
    env = BoundedSandbox(
        loader=FileSystemLoader(folders) if loads else _NoTemplates(),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["xml", "html"]),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        date=date_filter,
        weekday=partial(weekday_filter, calendar=calendar),
        number=number_filter,
        line=line_filter,
        clause=clause_filter,
        cell=cell_filter,
        yi=yi_filter,
        percent=percent_filter,
        pp=pp_text_filter,
    )
    return env


def _template_line(error: BaseException, filename: str | None) -> int | str:
    """Return the template line an error was raised at (Jinja rewrites tracebacks to template lines)."""
    line = getattr(error, "lineno", None)
    if line:
        return int(line)
    if filename:
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename == filename and frame.lineno:
                return frame.lineno
    return "?"


def refused_text(error: SecurityError) -> str:
    """Return what the sandbox refused, in the catalog's words (Jinja says it in English)."""
    found = re.search(r"attribute '([^']*)'", error.message or "")
    if found is None:
        return _("the template asks for something the sandbox refuses: {error}").format(error=error.message)
    return _("the template reads {name}: a name that starts with _ (or a Python internal) leads into the program").format(
        name=found.group(1)
    )


def undefined_text(error: UndefinedError) -> str | None:
    """Return, in the catalog's words, the name a template reads that it is not given (Jinja says
    “'docgen.letterhead_model.Letterhead object' has no attribute 'phone'”), or None."""
    found = re.search(r"'([^']*?)(?: object)?' has no attribute '([^']*)'|'([^']*)' is undefined", error.message or "")
    if found is None:
        return None
    owner = found.group(1) or ""  # docgen.letterhead_model.Letterhead → letterhead.phone; a dict's key alone
    name = str(found.group(3) or found.group(2))
    if "." in owner:
        name = f"{owner.rsplit('.', 1)[-1].lower()}.{name}"
    return _("the template reads {name}, which is not among the values it is given: a misspelt name?").format(
        name=name
    )


def render_text(env: Environment, name: str, **context: object) -> str:
    """Render a prose template in the sandbox; errors (unsafe access included) name the template and line."""
    if not isinstance(env, ImmutableSandboxedEnvironment):
        raise TypeError("templates are rendered only in the sandbox of make_env")
    filename: str | None = None
    try:
        template = env.get_template(name)
        filename = template.filename
        return template.render(**context)
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as error:
        message = error.message if isinstance(error, TemplateError) else None
        if isinstance(error, SecurityError) and not isinstance(error, TemplateBudgetError):
            message = refused_text(error)
        if isinstance(error, UndefinedError):
            message = undefined_text(error) or message
        where_file = getattr(error, "filename", None) or filename or name
        where = f"{where_file}, {_('line {line}').format(line=_template_line(error, filename))}"
        raise TemplateRenderError(
            _("template {where}: {error}").format(
                where=where, error=message or f"{type(error).__name__}: {error}"
            )
        ) from None
