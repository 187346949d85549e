"""One interface for every extraction system, chosen by name (`--system rules|model|…`).

A system is a class with `name`, `version` and `extract(doc) -> dict` (a prediction in the
format of SCHEMA §5), registered with `@register("name")`. Adding a third system is one
new module that registers itself.
"""

from collections.abc import Callable
from typing import Protocol

from ie.read import Document

REGISTRY: dict[str, Callable[..., "Extractor"]] = {}
MODULES = {"rules": "ie.extract.rules", "model": "ie.extract.model"}


class Extractor(Protocol):
    name: str
    version: str

    def extract(self, doc: Document) -> dict: ...


def register(name: str):
    def wrap(factory):
        REGISTRY[name] = factory
        return factory
    return wrap


def get_extractor(name: str, **options) -> Extractor:
    """The system called `name`, built with its options (a model system takes `model=PATH`)."""
    if name not in REGISTRY and name in MODULES:
        __import__(MODULES[name])
    if name not in REGISTRY:
        raise ValueError(f"unknown system {name!r}; available: {', '.join(sorted(set(REGISTRY) | set(MODULES)))}")
    return REGISTRY[name](**options)


def empty_prediction(doc_id: str, system: str) -> dict:
    return {"doc_id": doc_id, "system": system, "meta": {}, "facts": [], "problems": [], "cells": {}}
