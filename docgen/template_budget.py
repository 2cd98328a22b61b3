"""The bounded sandbox: Jinja's immutable sandbox with a budget of work for each render.

Jinja's sandbox keeps a template from Python's internals and bounds one ``range`` to 100 000,
but not work: two nested loops ran for ever, ``'啊' * 900000000`` took 5.3 GB (hostile8 #5).  Here
each render (``Template.render``) gets a fresh ``Budget``:

- **steps**: every turn of a ``{% for %}`` loop (each loop's iterable is wrapped at compile time)
  and every call (macros, methods, ``range``, filters) counts one; ``MAX_STEPS`` in all;
- **one value**: what ``*``, ``**``, ``+``, ``%``, a string method or a filter makes is measured
  before it is made where its size follows from its operands (``'啊' * n``, ``center(n)``,
  ``replace``, ``join``, a format's width), and after otherwise; ``MAX_VALUE`` characters (or
  items) at most, a number ``MAX_DIGITS`` digits;
- **text made**: those values and everything written by ``{{ }}`` add up to ``MAX_TEXT`` characters.

Past a bound the render stops with TemplateBudgetError (a SecurityError: the template, not a
value, is at fault), whose message names the bound.

Nesting is bounded by Python, not by a count: 150 nested ``(`` or a macro calling itself ran out of
Python's stack, 25 nested ``{% for %}`` past the compiler's 20 blocks, and ended as 内部错误
(hostile12).  Reading such a template is a TemplateSyntaxError and rendering it a
TemplateBudgetError, each saying that the template nests too deeply.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from functools import wraps
from types import CodeType
from typing import Any, cast

from jinja2 import Template, nodes, pass_context, pass_eval_context
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.filters import FILTERS
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, Macro, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import _PassArg
from jinja2.visitor import NodeTransformer

from docgen.i18n import _

MAX_STEPS = 1_000_000  # loop turns and calls in one render
MAX_VALUE = 1_000_000  # characters (or items) of one value made
MAX_TEXT = 20_000_000  # characters made and written in one render
MAX_DIGITS = 4_000  # digits of a number made (Python refuses to print more than 4 300)
# levels of a template's tree: each walker of it (Jinja's code generator, merge's checks) takes a few
# Python frames a level, and Python has 1 000; docgen's own templates nest at most 8 deep
MAX_NESTING = 120
_COUNTED = "_counted"  # the filter every loop's iterable goes through
_CONCAT = "_concat"  # the filter every ``~`` goes through
_MACRO_STEPS = 10  # a macro call counts as ten steps: it costs about as much as ten loop turns
_FIELD = re.compile(r"\{[^{}]*\}|%[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[a-zA-Z%]")
_NESTED = re.compile(r"\{[^{}]*\{")  # {:{}}: a width from an argument


class TemplateBudgetError(SecurityError):
    """A template went past a bound of the work one render may do."""


class Budget:
    """The work one render has done so far."""

    def __init__(self) -> None:
        self.steps = 0
        self.text = 0

    def step(self) -> None:
        """Count a loop turn or a call."""
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateBudgetError(
                _("the template's loops and calls went past {n} steps").format(n=f"{MAX_STEPS:,}")
            )

    def made(self, size: int) -> None:
        """Count a value of ``size`` characters made or written; refuse one too large."""
        if size > MAX_VALUE:
            raise TemplateBudgetError(
                _("a value the template makes would have {size} characters, more than {n}").format(
                    size=f"{size:,}", n=f"{MAX_VALUE:,}"
                )
            )
        self.text += size
        if self.text > MAX_TEXT:
            raise TemplateBudgetError(
                _("the template made more than {n} characters of text").format(n=f"{MAX_TEXT:,}")
            )


_BUDGET: ContextVar[Budget | None] = ContextVar("docgen_template_budget", default=None)


def budget() -> Budget:
    """Return the budget of the render under way (a new one outside a render)."""
    current = _BUDGET.get()
    if current is None:
        current = Budget()
        _BUDGET.set(current)
    return current


def size_of(value: object, seen: dict[int, int] | None = None) -> int:
    """Return the characters (or items) ``value`` stands for: a list of 1 000 times one long text
    is 1 000 long texts when it is written or joined."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, bool) or not isinstance(value, (int, list, tuple, set, frozenset, dict)):
        return 1
    if isinstance(value, int):
        return value.bit_length() * 3 // 10 + 1
    seen = {} if seen is None else seen
    if id(value) not in seen:
        seen[id(value)] = 0  # a cycle counts once
        items = [*value.keys(), *value.values()] if isinstance(value, dict) else list(value)
        seen[id(value)] = len(items) + sum(size_of(item, seen) for item in items)
    return seen[id(value)]


def _digits(number: object) -> int:
    return abs(number).bit_length() * 3 // 10 + 1 if isinstance(number, int) and not isinstance(number, bool) else 0


def _power_digits(base: object, exponent: object) -> int:
    if not isinstance(exponent, int) or exponent <= 0 or not isinstance(base, int) or abs(base) <= 1:
        return 0
    return math.ceil(exponent * math.log10(abs(base)))


def _widths(text: str, args: Iterable[object]) -> int:
    """Return how long a format string (``{:>9}``, ``%9s``, ``%*s``, ``{:{}}``) can make its result."""
    fields = _FIELD.findall(text)
    widest = max((int(n) for field in fields for n in re.findall(r"\d+", field)), default=0)
    if any("*" in field for field in fields) or _NESTED.search(text):  # a width given as an argument
        widest = max([widest, *(_int(a) for a in args)])
    return widest + len(text)


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _before(name: str, value: object, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """Return how large the result of the method or filter ``name`` on ``value`` can be, known before
    it is made (0: nothing to fear before)."""
    numbers = [_int(a) for a in [*args, *kwargs.values()]]
    text = value if isinstance(value, str) else ""
    if name in ("ljust", "rjust", "center", "zfill", "truncate", "batch", "slice"):
        return max([0, *numbers]) + size_of(value)
    if name == "wordwrap":
        wrap = str(kwargs.get("wrapstring", args[2] if len(args) > 2 else "") or "")
        return len(text) * (1 + len(wrap)) + max([0, *numbers])
    if name == "expandtabs":
        return len(text) * max([8, *numbers])
    if name == "indent":
        width = args[0] if args else kwargs.get("width", 4)
        per_line = len(width) if isinstance(width, str) else _int(width)
        return len(text) + (text.count("\n") + 1) * per_line
    if name == "replace" and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        return len(text) + (text.count(old) if old else len(text) + 1) * len(new)
    if name == "join":
        if isinstance(value, str):  # str.join: ``value`` is the separator, the items are the argument
            items = list(args[0]) if args and not isinstance(args[0], str) else []
            joiner = value
        else:
            items = list(value) if isinstance(value, Iterable) else []
            joiner = str(args[0]) if args else ""
        return sum(size_of(i) for i in items) + len(joiner) * len(items)
    if name in ("format", "format_map") and text:
        return _widths(text, [*args, *kwargs.values()]) + sum(size_of(a) for a in args)
    return 0


def _checked(name: str, value: object, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a method or filter call whose result would be too large; count a step."""
    current = budget()
    current.step()
    size = _before(name, value, args, kwargs)
    if size > MAX_VALUE:
        current.made(size)


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``function`` (a filter) with its result bounded and counted."""
    if getattr(function, "_bounded", False) or name == _COUNTED:
        return function
    skip = 1 if _PassArg.from_obj(function) is not None else 0

    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        value, rest = (args[skip], args[skip + 1 :]) if len(args) > skip else (None, ())
        _checked(name, value, rest, kwargs)
        result = function(*args, **kwargs)
        budget().made(size_of(result) if isinstance(result, (str, list, tuple, dict)) else 1)
        return result

    bounded._bounded = True  # type: ignore[attr-defined]
    return bounded


class _Filters(dict[str, Callable[..., Any]]):
    """The filters of a bounded sandbox: each one added is bounded (merge's own ones too)."""

    def __setitem__(self, name: str, function: Callable[..., Any]) -> None:
        super().__setitem__(name, _bounded_filter(name, function))

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Add filters, each bounded."""
        for name, function in dict(*args, **kwargs).items():
            self[name] = function


def _counted(iterable: Iterable[Any]) -> Iterator[Any]:
    """Yield the items of a loop's iterable, counting a step for each."""
    current = budget()
    for item in iterable:
        current.step()
        yield item


@pass_eval_context
def _concat(context: EvalContext, parts: list[Any]) -> str:
    """Join the operands of ``~`` (as Jinja does) once their size is counted."""
    budget().made(sum(size_of(part) for part in parts))
    return markup_join(parts) if context.autoescape else str_join(parts)


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Count what a ``{{ }}`` writes (its size measured before it is turned into text)."""
    budget().made(size_of(value))
    return value


def _too_deep_at(tree: nodes.Node) -> int | None:
    """Return the line of a node nested more than MAX_NESTING deep in ``tree`` (walked without
    recursion: ``1 + 1 + … + 1`` of 3000 terms parses into a chain 3000 deep), else None."""
    stack: list[tuple[nodes.Node, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            return getattr(node, "lineno", None) or 1
        stack.extend((child, depth + 1) for child in node.iter_child_nodes())
    return None


def _too_deep() -> str:
    """Return the message of a template nested too deeply."""
    return _("the template nests its blocks, expressions or macro calls too deeply for docgen to follow")


class BudgetTemplate(Template):
    """A template whose each render gets a fresh Budget."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render with a fresh budget (see the module docstring)."""
        token = _BUDGET.set(Budget())
        try:
            return super().render(*args, **kwargs)
        except RecursionError:  # a macro calling itself, a value nested thousands deep
            raise TemplateBudgetError(_too_deep()) from None
        finally:
            _BUDGET.reset(token)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with each render's work bounded (module docstring)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    template_class = BudgetTemplate

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, finalize=_finalize, **kwargs)
        self.filters = _Filters()
        self.filters.update(FILTERS)
        dict.__setitem__(self.filters, _COUNTED, _counted)
        dict.__setitem__(self.filters, _CONCAT, _concat)
        self.globals.pop("lipsum", None)  # lipsum(n): paragraphs of filler, as many as asked

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse ``*``, ``**``, ``+`` and ``%`` whose result would be too large; count what they make."""
        current = budget()
        if operator == "**":
            digits = _power_digits(left, right)
        elif operator == "*" and isinstance(left, int) and isinstance(right, int):
            digits = _digits(left) + _digits(right)
        else:
            digits = 0
        if digits > MAX_DIGITS:
            raise TemplateBudgetError(
                _("a number the template makes would have {size} digits, more than {n}").format(
                    size=f"{digits:,}", n=f"{MAX_DIGITS:,}"
                )
            )
        if operator == "*":
            sequence, times = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) and times > 0:
                current.made(size_of(sequence) * times)
        elif operator == "+" and not isinstance(left, (int, float)):
            current.made(size_of(left) + size_of(right))
        elif operator == "%" and isinstance(left, str):
            arguments = right if isinstance(right, tuple) else (right,)
            current.made(_widths(left, arguments) + sum(size_of(a) for a in arguments))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Count the call as a step; refuse a string method whose result would be too large."""
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        _checked(name if isinstance(owner, str) else "", owner, args, kwargs)
        if isinstance(__obj, Macro):
            for _step in range(_MACRO_STEPS - 1):
                budget().step()
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(owner, (str, list, tuple, dict)) and isinstance(result, (str, list)):
            budget().made(size_of(result))
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Return ``str.format`` of the sandbox with the widths it asks for bounded."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = value.__self__

        @wraps(wrapped)
        def bounded(*args: Any, **kwargs: Any) -> str:
            _checked("format", text, args, kwargs)
            result = wrapped(*args, **kwargs)
            budget().made(len(result))
            return result

        return bounded

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse, a template nested past Python's stack (or MAX_NESTING) being a TemplateSyntaxError."""
        try:
            tree = super()._parse(source, name, filename)
        except RecursionError:
            raise TemplateSyntaxError(_too_deep(), 1, name, filename) from None
        line = _too_deep_at(tree)
        if line is not None:  # every walker of the tree (docgen's, Jinja's code generator) recurses
            raise TemplateSyntaxError(_too_deep(), line, name, filename)
        return tree

    def _generate(
        self, source: nodes.Template, name: str | None, filename: str | None, defer_init: bool = False
    ) -> str:
        """Compile with every loop's iterable counted and every ``~`` measured (``_Bounds``)."""
        try:
            return super()._generate(_Bounds().visit(source), name, filename, defer_init)
        except RecursionError:
            raise TemplateSyntaxError(_too_deep(), 1, name, filename) from None

    def _compile(self, source: str, filename: str) -> CodeType:
        """Compile the generated Python; past its 20 nested blocks or its stack, a TemplateSyntaxError."""
        try:
            return super()._compile(source, filename)
        except (SyntaxError, RecursionError, MemoryError):
            raise TemplateSyntaxError(
                _too_deep(), 1, None, None if filename == "<template>" else filename
            ) from None


class _Bounds(NodeTransformer):
    """Put a loop's iterable through ``_counted`` and a ``~`` through ``_concat`` (neither is an
    operator the sandbox can intercept)."""

    def visit_For(self, node: nodes.For) -> nodes.Node:  # noqa: N802 (NodeTransformer's name)
        """Count the turns of the loop."""
        node = cast(nodes.For, self.generic_visit(node))
        if not (isinstance(node.iter, nodes.Filter) and node.iter.name == _COUNTED):
            node.iter = nodes.Filter(node.iter, _COUNTED, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:  # noqa: N802
        """Measure the joined text before it is made."""
        node = cast(nodes.Concat, self.generic_visit(node))
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), _CONCAT, [], [], None, None, lineno=node.lineno)
