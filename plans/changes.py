"""What a variation changed, compared with the version it varies.

Priorities are matched by their thread (their identity across versions), never by title,
so a renamed priority shows as renamed rather than as one removed and one added.
"""

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"
    REDESCRIBED = "redescribed"
    UNCHANGED = "unchanged"


CHANGE_LABELS = {
    Change.ADDED: _("Added"),
    Change.REMOVED: _("Removed"),
    Change.RENAMED: _("Renamed"),
    Change.REDESCRIBED: _("Re-described"),
    Change.UNCHANGED: _("Unchanged"),
}

_DESCRIBING_FIELDS = ("description", "intended_outcomes", "measures")


@dataclass
class PriorityChange:
    old: object | None  # the Priority in the earlier version
    new: object | None  # the Priority in this version
    changes: list[Change]

    @property
    def title(self) -> str:
        return (self.new or self.old).title

    @property
    def labels(self):
        return [CHANGE_LABELS[change] for change in self.changes]

    @property
    def changed_fields(self) -> list[str]:
        if self.old is None or self.new is None:
            return []
        fields = ["title", *_DESCRIBING_FIELDS]
        return [f for f in fields if getattr(self.old, f) != getattr(self.new, f)]

    @property
    def is_changed(self) -> bool:
        return self.changes != [Change.UNCHANGED]


def priority_changes(old_priorities, new_priorities) -> list[PriorityChange]:
    """Every priority of either version, in the new version's order, then removed ones."""
    old_by_thread = {p.thread_id: p for p in old_priorities}
    new_threads = set()
    result = []
    for new in new_priorities:
        new_threads.add(new.thread_id)
        old = old_by_thread.get(new.thread_id)
        if old is None:
            result.append(PriorityChange(old=None, new=new, changes=[Change.ADDED]))
            continue
        changes = []
        if old.title != new.title:
            changes.append(Change.RENAMED)
        if any(getattr(old, f) != getattr(new, f) for f in _DESCRIBING_FIELDS):
            changes.append(Change.REDESCRIBED)
        result.append(PriorityChange(old=old, new=new, changes=changes or [Change.UNCHANGED]))
    for old in old_priorities:
        if old.thread_id not in new_threads:
            result.append(PriorityChange(old=old, new=None, changes=[Change.REMOVED]))
    return result


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()]


@dataclass
class ParagraphChange:
    change: Change  # ADDED, REMOVED, UNCHANGED, or REDESCRIBED for a reworded paragraph
    old: str
    new: str
    # Where the paragraph is, counting from 1: in the earlier text, and in the new one.
    old_number: int | None = None
    new_number: int | None = None

    @property
    def label(self):
        if self.change == Change.REDESCRIBED:
            return _("Changed")
        return CHANGE_LABELS[self.change]


def introduction_changes(old_text: str, new_text: str) -> list[ParagraphChange]:
    """The introduction paragraph by paragraph: unchanged, changed, added or removed."""
    old, new = paragraphs(old_text), paragraphs(new_text)
    result = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [
                ParagraphChange(Change.UNCHANGED, old[i], new[j], i + 1, j + 1)
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        removed, added = range(i1, i2), range(j1, j2)
        # A replaced run pairs up paragraph by paragraph: those are rewordings.
        for i, j in zip(removed, added, strict=False):
            result.append(ParagraphChange(Change.REDESCRIBED, old[i], new[j], i + 1, j + 1))
        result += [
            ParagraphChange(Change.REMOVED, old[i], "", i + 1, None) for i in removed[len(added) :]
        ]
        result += [
            ParagraphChange(Change.ADDED, "", new[j], None, j + 1) for j in added[len(removed) :]
        ]
    return result
