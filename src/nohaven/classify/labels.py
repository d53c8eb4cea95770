"""Labels of the content models.

The default task is :class:`Label`: propaganda or other. ``nohaven train`` also accepts any
labelled CSV (for example propaganda / counter-messaging / other); its labels become a
:class:`LabelSet`, an Enum built from the file's values, so a team can train on its own
decisions with the same code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum, StrEnum
from typing import cast

__all__ = ["Label", "LabelSet", "label_set", "labels_of"]


class Label(StrEnum):
    """The default task's labels."""

    PROPAGANDA = "propaganda"
    OTHER = "other"


class LabelSet(StrEnum):
    """Base of the label enums built from a team's own labelled data (see :func:`label_set`)."""


_NAME = re.compile(r"[^0-9A-Za-z]+")


def label_set(values: Iterable[str], name: str = "TaskLabel") -> type[LabelSet]:
    """An Enum of the distinct ``values`` (stripped, in sorted order); at least two needed."""
    distinct = sorted({value.strip() for value in values if value.strip()})
    if len(distinct) < 2:
        raise ValueError(f"a task needs at least two labels, found {distinct or 'none'}")
    members: dict[str, str] = {}
    for value in distinct:
        member = _NAME.sub("_", value).strip("_").upper() or "LABEL"
        if member[0].isdigit():
            member = "L_" + member
        while member in members:
            member += "_"
        members[member] = value
    return cast(type[LabelSet], LabelSet(name, members))  # type: ignore[call-arg]


def labels_of(enum: type[Enum]) -> tuple[str, ...]:
    """The values of a label enum, in its order."""
    return tuple(str(member.value) for member in enum)
