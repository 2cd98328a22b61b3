"""The optional keys of a letterhead file a document uses, and a warning for each one the file leaves out.

A letterhead without 联系方式 gives a 挂牌督办通知书 without its contact line, one without 督办代字 numbers
it with the 代字 and 督, one without 简称 names the full name where the short one goes: the document
is made, but the clerk should know why it reads so, once per run, with the file and the key to add.
Which keys a template reads is found in its syntax tree (a user's own template may read others).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from jinja2 import Environment, nodes

from docgen.errors import DataWarning, Location
from docgen.i18n import N_, _
from docgen.model import Letterhead

# what a document gets when the letterhead leaves the key out (keys a document cannot do without are
# required by the letterhead file itself: 全称, 代字)
_WITHOUT = {
    "contact": N_(
        "no 联系方式: no contact line at the end of {documents} (add “联系方式: 联系人：…… 电话……”)"
    ),
    "supervision_code": N_(
        "no 督办代字: {documents} numbered {default}〔year〕N号, the 代字 and 督 (add “督办代字: …” if the office "
        "numbers them otherwise)"
    ),
    "short_name": N_("no 简称: the full name {default} where {documents} say the short name"),
}


def template_keys(env: Environment, name: str) -> frozenset[str]:
    """Return the letterhead fields the template ``name`` reads (``letterhead.contact`` → contact)."""
    assert env.loader is not None
    source, _file, _uptodate = env.loader.get_source(env, name)
    tree = env.parse(source)
    return frozenset(
        node.attr
        for node in tree.find_all(nodes.Getattr)
        if isinstance(node.node, nodes.Name) and node.node.name == "letterhead"
    )


def missing_keys(
    letterhead: Letterhead, needs: Mapping[str, Iterable[str]], default: Mapping[str, str]
) -> list[DataWarning]:
    """Return one warning per optional key the letterhead file leaves out that a document needs.

    ``needs`` maps a field (contact, supervision_code …) to the documents that use it; ``default``
    gives what stands in for a field left out (the 督办代字 taken).
    """
    warnings = []
    for key, documents in needs.items():
        named = list(dict.fromkeys(documents))
        if key not in _WITHOUT or key in letterhead.given or not named:
            continue
        said = _(_WITHOUT[key]).format(documents=_("、").join(named), default=default.get(key, ""))
        warnings.append(DataWarning(said, Location(file=letterhead.source or letterhead.key, field=key)))
    return warnings
