"""Typer's coercion of command-line values, without pydantic for the plain ones.

Typer coerces each parameter through a pydantic TypeAdapter that it builds the first time the
parameter is processed, an option left unset included: importing pydantic and building an adapter
for every option of a command made each command start more slowly than all of its own work on a
small input. Here the values whose coercion is plain (unset, a string for ``str``, strings for
``list[str]``, a number (or plain digits) within the option's range, a choice of an Enum) are coerced
as typer's adapters coerce them; any other value, and any the plain rules refuse, goes to typer's
own adapter, built then, so results and error messages stay typer's. A typer without these internals
keeps its own coercion throughout (:func:`install` does nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, get_args, get_origin

try:
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer._param_types import coerce_cli_choice
    from typer.core import _TyperParameter
except ImportError:  # pragma: no cover - another typer
    RuntimeParam = None  # type: ignore[assignment,misc]

_UNSURE = object()
_INT = re.compile(r"[0-9]{1,18}")
_DECIMAL = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")


def plain_value(descriptor: Any, value: Any, ctx: Any) -> Any:
    """``value`` coerced as typer's adapter for ``descriptor`` would, or _UNSURE to ask the adapter."""
    annotation, info = descriptor.annotation, descriptor.parameter_info
    if info.parser is not None or descriptor.file_annotation is not None:
        return _UNSURE
    if annotation is str:
        return value if type(value) is str else _UNSURE
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        if isinstance(value, list | tuple) and all(type(item) is str for item in value):
            return list(value)
        return _UNSURE
    if annotation is int or annotation is float:
        if type(value) is str and (_INT if annotation is int else _DECIMAL).fullmatch(value):
            value = annotation(value)  # plain digits, as written on a command line
        if type(value) is annotation and (info.min is None or value >= info.min) \
                and (info.max is None or value <= info.max):
            return value
        return _UNSURE
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        try:
            return coerce_cli_choice(value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
        except ValueError:
            return _UNSURE
    return _UNSURE


if RuntimeParam is not None:
    @dataclass(frozen=True)
    class _PlainParam(RuntimeParam):
        """Plain values coerced here; the first other one builds typer's own coercion, kept from then."""

        descriptor: TypeDescriptor

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            found = plain_value(self.descriptor, value, ctx)
            if found is not _UNSURE:
                return found
            param._runtime_param = own = build_runtime_param(self.descriptor)
            return own._coerce_value(value, param=param, ctx=ctx)


def install(command: Any, ctx: Any) -> None:
    """Plain coercion for the parameters of ``command`` (its help option included, and those of its
    subcommands) not processed yet."""
    if RuntimeParam is None:
        return
    for param in command.get_params(ctx):
        descriptor = getattr(param, "type_descriptor", None)
        if isinstance(param, _TyperParameter) and descriptor is not None \
                and getattr(param, "_runtime_param", _UNSURE) is None:
            param._runtime_param = _PlainParam(parameter_info=descriptor.parameter_info,
                                               annotation=descriptor.annotation, descriptor=descriptor)
    for sub in getattr(command, "commands", {}).values():
        install(sub, ctx)
