"""``to_dict``/``from_dict`` for components and stores whose settings are attributes named as their ``__init__``
parameters: one implementation instead of the same two methods in every component."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from haystack import default_from_dict, default_to_dict


class SettingsSerialization:
    """Serialises the attributes listed in ``serialized_settings`` (in that order) as the ``__init__`` arguments.

    ``from_dict`` is Haystack's default: it passes them back to ``__init__`` and rebuilds a nested object (a
    document store) from its qualified class name. What is not listed (a loaded corpus, a model session) is not
    serialised and is built afresh.
    """

    serialized_settings: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        return default_to_dict(self, **{name: getattr(self, name) for name in self.serialized_settings})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return default_from_dict(cls, data)
