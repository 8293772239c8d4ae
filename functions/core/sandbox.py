"""Jinja2's sandbox with bounds on work and size, so a template cannot burn CPU or memory (template bombs).

The stock sandbox stops templates from reaching Python internals, not from doing too much: Jinja folds
constant expressions while compiling (`{{ 9**9**9 }}` never finishes), and `'x' * 20000000` or
`'x'|center(10**9)` build huge strings. Here every amplifying step is checked before it runs:

- arithmetic (`**`, `*`, `+`, `%`) is intercepted, which also stops compile-time folding;
- calls, filters and string concatenation (`~`) refuse results or arguments larger than a part may be;
- every loop iteration and call takes a step from a per-render budget, with a wall-clock backstop;
- output is streamed and cut off at the size limit.
"""

from __future__ import annotations

import re
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from itertools import islice
from typing import Any

from jinja2 import nodes
from jinja2.filters import FILTERS
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

MAX_PART_CHARS = 1_000_000  # a rendered subject, html or text part
MAX_INT_BITS = 4_000  # about 1,200 digits: more than any merge tag needs, far below Python's str limit
MAX_STEPS = 100 * 1024  # loop iterations and calls in one render
MAX_SECONDS = 1.0  # a backstop for work no step counts
_BIG_NUMBER_IN_FORMAT = re.compile(r"\d{7,}")  # a width or precision of a million or more


class TemplateTooLarge(Exception):
    """The template would produce or build something larger than a part may be."""


class TemplateTooComplex(Exception):
    """The template did more work than one render may."""


class _Budget:
    """Steps left in one render; the clock is read every 1,024 steps only (it costs more than a step)."""

    __slots__ = ("deadline", "steps")

    def __init__(self) -> None:
        self.steps = MAX_STEPS
        self.deadline = time.monotonic() + MAX_SECONDS

    def step(self) -> None:
        self.steps -= 1
        if not self.steps & 1023:
            self.check()

    def check(self) -> None:
        if self.steps <= 0:
            raise TemplateTooComplex(f"the template does more than {MAX_STEPS} loop steps and calls")
        if time.monotonic() > self.deadline:
            raise TemplateTooComplex(f"the template takes longer than {MAX_SECONDS} s to render")


_budget: ContextVar[_Budget | None] = ContextVar("template_budget", default=None)


_SIZED = frozenset({str, Markup, bytes, list, tuple})


def _size(value: Any) -> int:
    return len(value) if type(value) in _SIZED else 0


def _check_size(value: Any) -> Any:
    kind = type(value)
    if kind in _SIZED and len(value) > MAX_PART_CHARS:
        raise TemplateTooLarge(f"a value in the template is longer than {MAX_PART_CHARS} characters")
    if kind is int and value.bit_length() > MAX_INT_BITS:
        raise TemplateTooLarge(f"a number in the template is larger than {MAX_INT_BITS} bits")
    return value


def _check_arguments(args: Iterable[Any]) -> None:
    """A width, count or repeat of a million or more is never a merge tag's business."""
    for arg in args:
        if type(arg) is int and abs(arg) >= MAX_PART_CHARS:
            raise TemplateTooLarge(f"the argument {arg} is too large")


def _bits(value: Any) -> int:
    return value.bit_length() if type(value) is int else 0


def _power(left: Any, right: Any) -> Any:
    if type(left) is int and type(right) is int and right > 0:
        if _bits(left) * right > MAX_INT_BITS:
            raise TemplateTooLarge(f"a number in the template is larger than {MAX_INT_BITS} bits")
    elif isinstance(right, int | float) and abs(right) > MAX_INT_BITS:
        raise TemplateTooLarge("an exponent in the template is too large")
    return left**right


def _multiply(left: Any, right: Any) -> Any:
    if type(left) is float or type(right) is float:
        return left * right  # a float overflows to inf, or raises: never large
    for seq, times in ((left, right), (right, left)):
        if type(times) is int and _size(seq) * times > MAX_PART_CHARS:
            raise TemplateTooLarge(f"a repeated value is longer than {MAX_PART_CHARS} characters")
    if _bits(left) + _bits(right) > MAX_INT_BITS:
        raise TemplateTooLarge(f"a number in the template is larger than {MAX_INT_BITS} bits")
    return left * right


def _add(left: Any, right: Any) -> Any:
    if _size(left) + _size(right) > MAX_PART_CHARS:
        raise TemplateTooLarge(f"a joined value is longer than {MAX_PART_CHARS} characters")
    return left + right


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str) and _BIG_NUMBER_IN_FORMAT.search(left):
        raise TemplateTooLarge("a format width or precision is too large")
    return left % right


_FLOAT_ARITHMETIC = frozenset({(float, float), (float, int), (int, float)})
_BINOPS: dict[str, Callable[[Any, Any], Any]] = {"**": _power, "*": _multiply, "+": _add, "%": _modulo}


def _replace(value: Any, old: Any, new: Any, count: Any = -1) -> int:
    """The length a str.replace would produce, at most."""
    text, old, new = str(value), str(old), str(new)
    hits = len(text) + 1 if not old else text.count(old)
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * max(0, len(new) - len(old))


def _join_size(separator: str, items: list[Any]) -> int:
    return len(separator) * max(0, len(items) - 1) + sum(len(str(i)) for i in items)


# The str methods that can make a string much larger than itself (widths are checked with all arguments).
_GROWING_METHODS = frozenset({"replace", "join", "format", "format_map"})


def _guard_str_method(method: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Check a growing str method before it runs; returns the (materialized) args."""
    method = getattr(method, "__wrapped__", method)  # the sandbox wraps str.format
    name = method.__name__
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str):
        return args
    if name == "replace" and len(args) >= 2 and _replace(owner, *args[:3]) > MAX_PART_CHARS:
        raise TemplateTooLarge(f"a replaced value is longer than {MAX_PART_CHARS} characters")
    if name == "join" and args:
        items = list(args[0])
        if _join_size(owner, items) > MAX_PART_CHARS:
            raise TemplateTooLarge(f"a joined value is longer than {MAX_PART_CHARS} characters")
        return (items, *args[1:])
    if name in ("format", "format_map") and _BIG_NUMBER_IN_FORMAT.search(owner):
        raise TemplateTooLarge("a format width or precision is too large")
    return args


def _filter_check(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    _check_arguments(args)
    if kwargs:
        _check_arguments(kwargs.values())
    if name == "replace" and len(args) >= 2 and _replace(value, *args[:3]) > MAX_PART_CHARS:
        raise TemplateTooLarge(f"a replaced value is longer than {MAX_PART_CHARS} characters")
    if name == "indent":
        width = args[0] if args else kwargs.get("width", 4)
        lines = str(value).count("\n") + 1
        if isinstance(width, str) and len(width) * lines + len(str(value)) > MAX_PART_CHARS:
            raise TemplateTooLarge(f"an indented value is longer than {MAX_PART_CHARS} characters")
    if name == "format" and _BIG_NUMBER_IN_FORMAT.search(str(value)):
        raise TemplateTooLarge("a format width or precision is too large")
    joined = name == "join" and args and isinstance(value, list | tuple)
    if joined and _join_size(str(args[0]), list(value)) > MAX_PART_CHARS:
        raise TemplateTooLarge(f"a joined value is longer than {MAX_PART_CHARS} characters")


def _guarded_filter(name: str) -> Callable[..., Any]:
    """The stock filter behind checks of its arguments and its result (filters do not pass `call`)."""
    original = FILTERS[name]

    if getattr(original, "jinja_pass_arg", None) is not None:

        def with_env(first: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
            _filter_check(name, value, args, kwargs)
            return _check_size(original(first, value, *args, **kwargs))

        with_env.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
        return with_env

    def plain(value: Any, *args: Any, **kwargs: Any) -> Any:
        _filter_check(name, value, args, kwargs)
        return _check_size(original(value, *args, **kwargs))

    return plain


# Filters that can make a value (or a list) much larger than their input.
_AMPLIFYING_FILTERS = ("center", "indent", "replace", "format", "join", "batch", "slice")


def _iterate(iterable: Any) -> Iterator[Any]:
    """Every loop goes through here (see `bounded`): each iteration is a step."""
    budget = _budget.get()
    if budget is None:
        yield from iterable
        return
    for item in iterable:
        budget.steps -= 1
        if not budget.steps & 1023:
            budget.check()
        yield item


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox, with the limits above. One per kind of part (html autoescaped, text not)."""

    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, *, autoescape: bool) -> None:
        super().__init__(autoescape=autoescape, keep_trailing_newline=True)
        self.globals.pop("lipsum", None)  # lorem ipsum of any length: no use in an email
        for name in _AMPLIFYING_FILTERS:
            self.filters[name] = _guarded_filter(name)
        # Filters, not globals: a filter is a direct call, cheaper than one through `call` below.
        self.filters[_ITERATE] = _iterate
        self.filters[_CONCAT] = _concat_markup if autoescape else _concat_text

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        # Not a step: how many operators run is bounded by the loop steps times the template's length.
        kinds = (type(left), type(right))
        if kinds in _FLOAT_ARITHMETIC:  # prices, rates: a float overflows or raises, never grows
            return self.binop_table[operator](left, right)
        return _check_size(_BINOPS[operator](left, right))

    # Jinja calls this with its own positional names: the dunder names keep them out of kwargs.
    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _budget.get()
        if budget is not None:
            budget.step()
        if args:
            _check_arguments(args)
        if kwargs:
            _check_arguments(kwargs.values())
        if getattr(__obj, "__name__", None) in _GROWING_METHODS:
            args = _guard_str_method(__obj, args)
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    def bounded(self, source: str) -> nodes.Template:
        """The template's syntax tree with every loop and `~` routed through the budget checks."""
        tree = self.parse(source)
        for loop in tree.find_all(nodes.For):
            loop.iter = _filter(_ITERATE, loop.iter)
        # Bottom-up, so a `~` inside a `~` is converted before the one holding it.
        for parent in reversed([tree, *tree.find_all(nodes.Node)]):
            for field in parent.fields:
                value = getattr(parent, field, None)
                if isinstance(value, nodes.Concat):
                    setattr(parent, field, _as_filter(value))
                elif isinstance(value, list):
                    setattr(
                        parent, field, [_as_filter(v) if isinstance(v, nodes.Concat) else v for v in value]
                    )
        tree.set_environment(self)
        return tree


_ITERATE = "lettercast_iterate"
_CONCAT = "lettercast_concat"


def _joined_size(parts: tuple[Any, ...]) -> None:
    if sum(len(p) if type(p) is str else len(str(p)) for p in parts) > MAX_PART_CHARS:
        raise TemplateTooLarge(f"a joined value is longer than {MAX_PART_CHARS} characters")


def _concat_markup(parts: tuple[Any, ...]) -> str:
    _joined_size(parts)
    return markup_join(parts)


def _concat_text(parts: tuple[Any, ...]) -> str:
    _joined_size(parts)
    return str_join(parts)


def _filter(name: str, node: nodes.Expr) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None).set_lineno(node.lineno)


def _as_filter(concat: nodes.Concat) -> nodes.Filter:
    """`a ~ b ~ c` becomes `(a, b, c)|lettercast_concat`."""
    return _filter(_CONCAT, nodes.Tuple(concat.nodes, "load").set_lineno(concat.lineno))


def render(template: Any, variables: dict[str, Any]) -> str:
    """Render with the mapping itself (a variable may be called `self`), cut off at the size limit."""
    token = _budget.set(_Budget())
    try:
        chunks: list[str] = []
        size = 0
        stream = template.root_render_func(template.new_context(variables))
        # Joined 64 chunks at a time: the size is checked often enough, at a cost per batch, not per chunk.
        while batch := "".join(islice(stream, 64)):
            size += len(batch)
            if size > MAX_PART_CHARS:
                raise TemplateTooLarge(f"the rendered part is longer than {MAX_PART_CHARS} characters")
            chunks.append(batch)
        return "".join(chunks)
    except Exception:
        template.environment.handle_exception()  # raises it again, its traceback at the template's lines
        raise
    finally:
        _budget.reset(token)


def template_line(exc: BaseException) -> int | None:
    """The template line an error was raised on (Jinja rewrites tracebacks to point at the template)."""
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return lines[-1] if lines else None
