"""Machine-translation engines: one protocol, and a registry a new engine joins with one entry.

Each entry says how to add the engine's own command-line options, how to make its options from
parsed arguments, and how to create it (None when it has no model installed). Nothing here
imports an engine's heavy libraries: that happens when the engine first translates.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..config import EngineConfig

Progress = Callable[[int], None]


class Engine(Protocol):
    """Translates a batch of Chinese sentences to English, in order."""

    name: str

    def describe(self) -> str: ...

    def cache_context(self) -> dict: ...

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]: ...


@dataclass(frozen=True)
class EngineSpec:
    """How the command line and the pipeline reach one engine."""

    name: str
    defaults: Callable[[], Any]  # the engine's options with every default
    add_arguments: Callable[[argparse._ArgumentGroup, Any], None]
    options_from: Callable[[argparse.Namespace], Any]
    create: Callable[[Any], Engine | None]  # None: no model installed
    missing_message: Callable[[int], str]  # what to do when segments need it and it has no model


def registry() -> dict[str, EngineSpec]:
    """Every engine, by name."""
    from . import argos

    return {spec.name: spec for spec in (argos.SPEC,)}


DEFAULT_ENGINE = EngineConfig().name  # the default is written once, in config


def spec(name: str) -> EngineSpec:
    from ..errors import PublisherError

    engines = registry()
    if name not in engines:
        raise PublisherError(f"unknown engine {name!r}; choose one of {', '.join(engines)}")
    return engines[name]
