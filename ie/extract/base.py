"""One interface for every extraction system, chosen by name (`--system rules|model|…`).

A system is a class with `name`, `version` and `extract(doc) -> Prediction` (the typed record
of SCHEMA §5), registered with `@register("name")`. Adding a third system is one new module
that registers itself and is named in `MODULES`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Protocol

from ie.read import Document
from ie.schema import Prediction

REGISTRY: dict[str, Callable[..., "Extractor"]] = {}
MODULES = {"rules": "ie.extract.rules", "model": "ie.extract.model", "linear": "ie.extract.linear"}


class Extractor(Protocol):
    name: str
    version: str
    spec: "SystemSpec"

    def extract(self, doc: Document) -> Prediction: ...


@dataclass(frozen=True)
class SystemSpec:
    """A system's name and options: enough for a worker process to build its own copy."""

    name: str
    options: dict = field(default_factory=dict)

    def build(self) -> Extractor:
        return get_extractor(self.name, **self.options)


def register(name: str):
    def wrap(factory):
        REGISTRY[name] = factory
        return factory

    return wrap


def available_systems() -> list[str]:
    return sorted(set(REGISTRY) | set(MODULES))


def get_extractor(name: str, **options) -> Extractor:
    """The system called `name`, built with its options (a model system takes `model=PATH`)."""
    if name not in REGISTRY and name in MODULES:
        import_module(
            MODULES[name]
        )  # systems register themselves on import; the model's pulls in torch
    if name not in REGISTRY:
        raise ValueError(f"unknown system {name!r}; available: {', '.join(available_systems())}")
    extractor = REGISTRY[name](**options)
    extractor.spec = SystemSpec(name, dict(options))
    return extractor


def saw_in_training(extractor: Extractor, doc_id: str, text_sha256: str | None) -> bool:
    """Whether a learned system saw a document in training: by its text's hash (`trained_on`,
    the linear system) or by its id (`trained_ids`, the model's train and dev splits)."""
    hashes = getattr(extractor, "trained_on", frozenset())
    return doc_id in getattr(extractor, "trained_ids", frozenset()) or (
        bool(text_sha256) and text_sha256 in hashes
    )
