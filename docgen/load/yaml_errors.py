"""PyYAML's syntax errors said in the user's words, at the line where the mistake is.

PyYAML reports a problem ("could not find expected ':'") at the place it noticed it, often the
line *after* the mistake, and a context ("while scanning a simple key") with the place the thing
it was reading began.  Its texts are English and fixed in its scanner and parser, so they are
recognised here and said again through the catalog; the line is the context's when the context
is where the mistake is (a key without its ':' began there).  A full-width "：" in place of ":" —
the commonest slip in Chinese text — is named as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from docgen.i18n import N_, _, current_language

# (PyYAML's problem text, the message id); the first match wins.  ``{char}`` is the pattern's group.
_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"could not find expected ':'"), N_("no ':' after the key; write it like 主送: 各乡镇")),
    (
        re.compile(r"mapping values are not allowed here"),
        N_(
            "a ':' where no value can start: indent the line like the ones above, or put a value "
            "that holds ': ' in quotes"
        ),
    ),
    (re.compile(r"found character '\\t' that cannot start any token"), N_("a tab: indent with spaces")),
    (
        re.compile(r"found character '(?P<char>.+)' that cannot start any token"),
        N_("a value cannot start with “{char}”; put the value in quotes"),
    ),
    (
        re.compile(r"found unexpected end of stream"),
        N_("a quotation mark opened here is never closed"),
    ),
    (
        re.compile(r"expected <block end>, but found|did not find expected key"),
        N_("this line does not line up with the lines above: indent it like them"),
    ),
    (
        re.compile(r"did not find expected '-' indicator"),
        N_("a list item starts with '- ' like the items above"),
    ),
    (re.compile(r"expected ',' or '\]'"), N_("a list opened with '[' is not closed with ']'")),
    (re.compile(r"expected ',' or '\}'"), N_("a mapping opened with '{{' is not closed with '}}'")),
    (
        re.compile(r"found unknown escape character '(?P<char>.+)'"),
        N_("unknown escape “\\{char}” in double quotes: write \\\\ for a backslash, or use single quotes"),
    ),
    (
        re.compile(r"found undefined (alias|tag handle)|found duplicate anchor"),
        N_("'&', '*' and '!' have a meaning in YAML: put the value in quotes"),
    ),
)

# Problems whose mistake is where the context began: a key never given its ':', a quotation
# or a [ ] / { } never closed (PyYAML notices them lines later).
_AT_CONTEXT = re.compile(r"simple key|found unexpected end of stream|expected ',' or")

_FULL_WIDTH_COLON = N_("“：” is a full-width colon: after a key write the half-width ':' and a space (主送: 各乡镇)")


@dataclass(frozen=True)
class YamlProblem:
    """A YAML syntax error as the user is told it: message, line and column (0-based)."""

    message: str
    line: int | None
    column: int | None


def explain(error: yaml.YAMLError, text: str) -> YamlProblem:
    """Return ``error`` in the user's language, placed on the line of the mistake."""
    if not isinstance(error, yaml.MarkedYAMLError):  # the reader's: a control character
        return _reader_problem(error, text)
    problem = str(error.problem or "")
    mark = error.problem_mark
    if error.context_mark is not None and _AT_CONTEXT.search(problem + "|" + str(error.context)):
        mark = error.context_mark  # where the key, the quotation or the [ ] began
    line, column = (mark.line, mark.column) if mark is not None else (None, None)
    colon = _full_width_colon_line(text, line)
    if colon is not None and re.search(r"could not find expected ':'|mapping values are not allowed", problem):
        return YamlProblem(_(_FULL_WIDTH_COLON), colon, text.splitlines()[colon].find("："))
    for pattern, message in _PROBLEMS:
        found = pattern.search(problem)
        if found:
            return YamlProblem(_(message).format(**found.groupdict()), line, column)
    if current_language() != "en" and problem.isascii():  # a PyYAML text not listed: no English inside
        return YamlProblem(_("the YAML syntax is broken here"), line, column)
    return YamlProblem(problem, line, column)  # docgen's own (aliases, duplicate keys): already translated


def _full_width_colon_line(text: str, line: int | None) -> int | None:
    """Return the line at or just above ``line`` that uses "：" where ':' belongs, if there is one."""
    if line is None:
        return None
    lines = text.splitlines()
    for index in range(min(line, len(lines) - 1), max(line - 3, -1), -1):
        content = lines[index].split("#", 1)[0]
        if "：" in content and ":" not in content:
            return index
    return None


def _reader_problem(error: yaml.YAMLError, text: str) -> YamlProblem:
    position = getattr(error, "position", None)
    character = getattr(error, "character", None)
    if position is None:
        return YamlProblem(_("the YAML syntax is broken here"), None, None)
    before = text[:position]
    line = before.count("\n")
    column = position - (before.rfind("\n") + 1)
    number = ord(character) if isinstance(character, str) else character
    code = f"U+{number:04X}" if isinstance(number, int) else str(character)
    return YamlProblem(_("a control character ({code}) cannot be in the text").format(code=code), line, column)
