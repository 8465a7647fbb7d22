"""A command table for typer: name -> "module:function", each module imported when its command is needed.

`cagent show` then imports the trajectory renderer only, not the agent loop or the evaluation harness, and
a command module never imports the command line (no import circle). Listing the commands (`--help`)
imports them all, as their help is their docstring.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

import click
import typer
import typer.core
import typer.main


def load_command(name: str, target: str) -> click.Command:
    """The click command of the function `target` ("package.module:function"), named `name`."""
    module_name, _, attribute = target.partition(":")
    function = getattr(importlib.import_module(module_name), attribute)
    single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    single.command(name)(function)
    return typer.main.get_command(single)


class LazyCommands(MutableMapping[str, click.Command]):
    """The commands of a group: those of the table are loaded on first access, the others kept as added."""

    def __init__(self, table: Mapping[str, str], loaded: Mapping[str, click.Command]) -> None:
        self._table = dict(table)
        self._loaded: dict[str, click.Command] = dict(loaded)

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            if name not in self._table:
                raise KeyError(name)
            self._loaded[name] = load_command(name, self._table[name])
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if self._table.pop(name, None) is None and name not in self._loaded:
            raise KeyError(name)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self._table
        yield from (name for name in self._loaded if name not in self._table)

    def __len__(self) -> int:
        return len(self._table.keys() | self._loaded.keys())


def lazy_group(table: Mapping[str, str]) -> type[typer.core.TyperGroup]:
    """A TyperGroup class whose commands are `table`'s, in its order (pass it as `typer.Typer(cls=...)`)."""

    class LazyGroup(typer.core.TyperGroup):
        def __init__(self, **attrs: Any) -> None:
            super().__init__(**attrs)
            self.commands = LazyCommands(table, self.commands)

    return LazyGroup
