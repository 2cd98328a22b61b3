"""Every placeholder of a form (and of the file name pattern) checked against the ledger's columns.

Run before anything is written: a name the ledger does not have is an error naming the
placeholder, where it is in the form, and the nearest column names (difflib over headers and
aliases, as docgen suggests a field name elsewhere).  A placeholder the sandbox would refuse at
every row (``{{ ''.__class__ }}``, ``{% include '/etc/passwd' %}``) is refused here, once, naming
the form, the placeholder and why (hostile8 #6: it was refused 36 times, in English, at the rows).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path

from jinja2 import nodes

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.merge.ledger import MergeLedger
from docgen.merge.template import ROW_LISTS, ROW_NAMES, FormTemplate, Use

# names the merge gives a template besides the columns: the item's number and how many there are
ITEM_NAMES = ("index", "count")
# names the register fills when the merge is numbered (--letterhead and --date): 7.2.5 发文字号, 7.3.5.4 成文日期
NUMBER_NAMES = ("发文字号", "文号")
DATE_NAMES = ("成文日期",)


# attributes Jinja's sandbox refuses whatever the object (jinja2.sandbox: UNSAFE_*_ATTRIBUTES)
_INTERNAL = frozenset(
    ("mro", "func_code", "func_globals", "func_closure", "func_defaults", "func_dict", "im_class", "im_func")
    + ("im_self", "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_code", "ag_frame", "f_globals", "f_locals")
    + ("f_code", "f_builtins", "tb_frame", "tb_next")
)
_LOADS = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
_TAG = re.compile(r"\{[{%].*?[}%]\}", re.DOTALL)


def _unsafe_name(node: nodes.Node) -> str | None:
    """Return the attribute or key a node reads that the sandbox refuses (``__class__``), if any."""
    name: object = None
    if isinstance(node, nodes.Getattr):
        name = node.attr
    elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        name = node.arg.value
    elif isinstance(node, nodes.Filter) and node.name == "attr" and node.args and isinstance(node.args[0], nodes.Const):
        name = node.args[0].value
    if isinstance(name, str) and (name.startswith("_") or name in _INTERNAL):
        return name
    return None


def _tag(form: FormTemplate, needle: str) -> tuple[str, str]:
    """Return the first placeholder of the form holding ``needle`` as written, and where it is."""
    for where, text in form.places:
        for tag in _TAG.findall(text):
            if needle in tag:
                return tag, where
    return needle, "?"


def check_form(form: FormTemplate) -> list[DataError]:
    """Return an error for each placeholder the sandbox would refuse at every row: one reading a
    name that leads into Python (``_`` first), one loading another template."""
    errors: list[DataError] = []
    for tree in form.trees:
        for load in tree.find_all(_LOADS):
            keyword = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from"}.get(
                type(load), "extends"
            )
            tag, where = _tag(form, keyword)
            errors.append(
                DataError(
                    _(
                        "the placeholder {tag} ({where}) loads another template: a form reads the ledger's "
                        "values only"
                    ).format(tag=tag, where=where),
                    Location(file=form.path),
                )
            )
        for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
            name = _unsafe_name(node)
            if name is not None:
                tag, where = _tag(form, name)
                errors.append(
                    DataError(
                        _(
                            "the placeholder {tag} ({where}) reads {name}: a name that starts with _ (or "
                            "a Python internal) leads into the program, a form reads the ledger's values only"
                        ).format(tag=tag, where=where, name=name),
                        Location(file=form.path),
                    )
                )
    return errors


def nearest(name: str, ledger: MergeLedger) -> list[str]:
    """Return up to three column names (headers or aliases) close to ``name``."""
    return difflib.get_close_matches(name, list(ledger.lookup()), n=3, cutoff=0.4)


def _unknown(use: Use, ledger: MergeLedger, path: Path) -> DataError:
    close = nearest(use.name, ledger)
    if close:
        message = _("the placeholder {name} ({where}) is not a column of the ledger; nearest: {names}")
    else:
        message = _("the placeholder {name} ({where}) is not a column of the ledger; its columns: {names}")
        close = [f.header for f in ledger.fields[:8]]
    return DataError(message.format(name=use.shown, where=use.where, names="、".join(close)), Location(file=path))


def check_uses(
    uses: Sequence[Use], ledger: MergeLedger, per: str | None, path: Path, *, numbered: bool = False
) -> list[DataError]:
    """Return an error for every name the form uses that this merge does not give it."""
    known = ledger.lookup()
    errors: list[DataError] = []
    for use in uses:
        if not use.top:
            if use.name not in known:
                errors.append(_unknown(use, ledger, path))
            continue
        if use.name in known or use.name in ITEM_NAMES or (numbered and use.name in NUMBER_NAMES + DATE_NAMES):
            continue
        if use.name in NUMBER_NAMES + DATE_NAMES:
            errors.append(
                DataError(
                    _(
                        "the placeholder {name} ({where}) takes a number from the register: give --letterhead "
                        "and --date"
                    ).format(name=use.shown, where=use.where),
                    Location(file=path),
                )
            )
            continue
        if use.name in ROW_LISTS and per is None:
            errors.append(
                DataError(
                    _(
                        "the placeholder {name} ({where}) lists the rows of a group: give --per and a "
                        "column, like --per 责任单位"
                    ).format(name=use.shown, where=use.where),
                    Location(file=path),
                )
            )
        elif use.name in ROW_NAMES and per is not None:
            errors.append(
                DataError(
                    _(
                        "the placeholder {name} ({where}) is the row of a one-per-row merge; with --per, "
                        "loop over the group's rows: {{% for r in rows %}}"
                    ).format(name=use.shown, where=use.where),
                    Location(file=path),
                )
            )
        elif use.name not in ROW_LISTS + ROW_NAMES:
            errors.append(_unknown(use, ledger, path))
    return errors
