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
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.filters import FILTERS
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment

MAX_PART_CHARS = 1_000_000  # a rendered subject, html or text part
MAX_INT_BITS = 4_000  # about 1,200 digits: more than any merge tag needs, far below Python's str limit
MAX_STEPS = 100_000  # loop iterations and calls in one render
MAX_SECONDS = 1.0  # a backstop for work no step counts
_BIG_NUMBER_IN_FORMAT = re.compile(r"\d{7,}")  # a width or precision of a million or more


class TemplateTooLarge(Exception):
    """The template would produce or build something larger than a part may be."""


class TemplateTooComplex(Exception):
    """The template did more work than one render may."""


@dataclass
class _Budget:
    steps: int = MAX_STEPS
    deadline: float = 0.0

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise TemplateTooComplex(f"the template does more than {MAX_STEPS} loop steps and calls")
        if not self.steps % 1024 and time.monotonic() > self.deadline:
            raise TemplateTooComplex(f"the template takes longer than {MAX_SECONDS} s to render")


_budget: ContextVar[_Budget | None] = ContextVar("template_budget", default=None)


def _step() -> None:
    budget = _budget.get()
    if budget is not None:
        budget.step()


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


def _check_size(value: Any) -> Any:
    if _size(value) > MAX_PART_CHARS:
        raise TemplateTooLarge(f"a value in the template is longer than {MAX_PART_CHARS} characters")
    return value


def _check_number(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise TemplateTooLarge(f"a number in the template is larger than {MAX_INT_BITS} bits")
    return value


def _check_arguments(args: Iterable[Any]) -> None:
    """A width, count or repeat of a million or more is never a merge tag's business."""
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) >= MAX_PART_CHARS:
            raise TemplateTooLarge(f"the argument {arg} is too large")


def _bits(value: Any) -> int:
    return value.bit_length() if isinstance(value, int) else 0


def _power(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int) and right > 0:
        if _bits(left) * right > MAX_INT_BITS:
            raise TemplateTooLarge(f"a number in the template is larger than {MAX_INT_BITS} bits")
    elif isinstance(right, int | float) and abs(right) > MAX_INT_BITS:
        raise TemplateTooLarge("an exponent in the template is too large")
    return left**right


def _multiply(left: Any, right: Any) -> Any:
    for seq, times in ((left, right), (right, left)):
        if isinstance(times, int) and _size(seq) and _size(seq) * times > MAX_PART_CHARS:
            raise TemplateTooLarge(f"a repeated value is longer than {MAX_PART_CHARS} characters")
    if isinstance(left, int) and isinstance(right, int) and _bits(left) + _bits(right) > MAX_INT_BITS:
        raise TemplateTooLarge(f"a number in the template is larger than {MAX_INT_BITS} bits")
    return left * right


def _add(left: Any, right: Any) -> Any:
    if _size(left) + _size(right) > MAX_PART_CHARS:
        raise TemplateTooLarge(f"a joined value is longer than {MAX_PART_CHARS} characters")
    return _check_number(left + right)


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str) and _BIG_NUMBER_IN_FORMAT.search(left):
        raise TemplateTooLarge("a format width or precision is too large")
    return _check_size(left % right)


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


def _guard_str_method(method: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Check the str methods that can grow a string before they run; returns the (materialized) args."""
    method = getattr(method, "__wrapped__", method)  # the sandbox wraps str.format
    name = getattr(method, "__name__", "")
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


def _guarded_filter(name: str) -> Callable[..., Any]:
    """The stock filter behind the same checks as a call (filters are not routed through `call`)."""
    original = FILTERS[name]

    def check(value: Any, *args: Any, **kwargs: Any) -> None:
        _step()
        _check_arguments((*args, *kwargs.values()))
        if name == "replace" and len(args) >= 2 and _replace(value, *args[:3]) > MAX_PART_CHARS:
            raise TemplateTooLarge(f"a replaced value is longer than {MAX_PART_CHARS} characters")
        if name == "indent":
            width = args[0] if args else kwargs.get("width", 4)
            lines = str(value).count("\n") + 1
            if isinstance(width, str) and len(width) * lines + len(str(value)) > MAX_PART_CHARS:
                raise TemplateTooLarge(f"an indented value is longer than {MAX_PART_CHARS} characters")
        if name == "format" and _BIG_NUMBER_IN_FORMAT.search(str(value)):
            raise TemplateTooLarge("a format width or precision is too large")

    if getattr(original, "jinja_pass_arg", None) is not None:

        def with_env(first: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
            check(value, *args, **kwargs)
            return _check_size(original(first, value, *args, **kwargs))

        with_env.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
        return with_env

    def plain(value: Any, *args: Any, **kwargs: Any) -> Any:
        check(value, *args, **kwargs)
        return _check_size(original(value, *args, **kwargs))

    return plain


# Filters that can make a value much larger than their input.
_AMPLIFYING_FILTERS = ("center", "indent", "replace", "format", "join", "wordwrap", "truncate", "batch")


def _iterate(iterable: Any) -> Iterator[Any]:
    """Every loop goes through here (see `_bounded`): each iteration is a step."""
    budget = _budget.get()
    for item in iterable:
        if budget is not None:
            budget.step()
        yield item


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox, with the limits above. One per kind of part (html autoescaped, text not)."""

    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, *, autoescape: bool) -> None:
        super().__init__(autoescape=autoescape, keep_trailing_newline=True)
        self.globals.pop("lipsum", None)  # lorem ipsum of any length: no use in an email
        self.globals["__iterate__"] = _iterate
        self.globals["__concat__"] = self._concat
        for name in _AMPLIFYING_FILTERS:
            self.filters[name] = _guarded_filter(name)
        self._join = markup_join if autoescape else str_join

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _step()
        return _check_size(_BINOPS[operator](left, right))

    # Jinja calls this with its own positional names: the dunder names keep them out of kwargs.
    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step()
        _check_arguments((*args, *kwargs.values()))
        args = _guard_str_method(__obj, args)
        return _check_number(_check_size(super().call(__context, __obj, *args, **kwargs)))

    def _concat(self, *parts: Any) -> str:
        if sum(len(str(p)) for p in parts) > MAX_PART_CHARS:
            raise TemplateTooLarge(f"a joined value is longer than {MAX_PART_CHARS} characters")
        return self._join(parts)

    def bounded(self, source: str) -> nodes.Template:
        """The template's syntax tree with every loop and `~` routed through the budget checks."""
        tree = self.parse(source)
        for loop in tree.find_all(nodes.For):
            loop.iter = _call("__iterate__", [loop.iter], loop.lineno)
        # Bottom-up, so a `~` inside a `~` is converted before the one holding it.
        for parent in reversed([tree, *tree.find_all(nodes.Node)]):
            for field in parent.fields:
                value = getattr(parent, field, None)
                if isinstance(value, nodes.Concat):
                    setattr(parent, field, _as_call(value))
                elif isinstance(value, list):
                    setattr(parent, field, [_as_call(v) if isinstance(v, nodes.Concat) else v for v in value])
        tree.set_environment(self)
        return tree


def _call(name: str, args: list[nodes.Expr], lineno: int) -> nodes.Call:
    return nodes.Call(nodes.Name(name, "load"), args, [], None, None).set_lineno(lineno)


def _as_call(concat: nodes.Concat) -> nodes.Call:
    return _call("__concat__", concat.nodes, concat.lineno)


def render(template: Any, variables: dict[str, Any]) -> str:
    """Render with the mapping itself (a variable may be called `self`), streamed and cut off at the limit."""
    token = _budget.set(_Budget(deadline=time.monotonic() + MAX_SECONDS))
    try:
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(variables):
            size += len(chunk)
            if size > MAX_PART_CHARS:
                raise TemplateTooLarge(f"the rendered part is longer than {MAX_PART_CHARS} characters")
            chunks.append(chunk)
        return "".join(chunks)
    finally:
        _budget.reset(token)


def template_line(exc: BaseException) -> int | None:
    """The template line an error was raised on (Jinja rewrites tracebacks to point at the template)."""
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return lines[-1] if lines else None
