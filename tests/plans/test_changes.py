"""What a variation changed: priorities by identity, the introduction by paragraph."""

from types import SimpleNamespace

from plans.changes import Change, introduction_changes, paragraphs, priority_changes


def priority(thread, title, description="Same.", outcomes="", measures=""):
    return SimpleNamespace(
        thread_id=thread,
        title=title,
        description=description,
        intended_outcomes=outcomes,
        measures=measures,
    )


def test_a_priority_renamed_and_re_described_says_both():
    [change] = priority_changes(
        [priority(1, "Old", "Old words.")], [priority(1, "New", "New words.")]
    )
    assert change.changes == [Change.RENAMED, Change.REDESCRIBED]
    assert change.changed_fields == ["title", "description"]
    assert [str(label) for label in change.labels] == ["Renamed", "Re-described"]


def test_changed_outcomes_or_measures_re_describe_a_priority():
    [change] = priority_changes(
        [priority(1, "Same", measures="Old")], [priority(1, "Same", measures="New")]
    )
    assert change.changes == [Change.REDESCRIBED]


def test_an_unchanged_priority_is_said_to_be_unchanged():
    [change] = priority_changes([priority(1, "Same")], [priority(1, "Same")])
    assert change.changes == [Change.UNCHANGED]
    assert not change.is_changed


def test_the_new_order_comes_first_and_removed_priorities_last():
    old = [priority(1, "A"), priority(2, "B"), priority(3, "C")]
    new = [priority(3, "C"), priority(4, "D"), priority(1, "A")]
    changes = priority_changes(old, new)
    assert [((c.new or c.old).title, c.changes[0]) for c in changes] == [
        ("C", Change.UNCHANGED),
        ("D", Change.ADDED),
        ("A", Change.UNCHANGED),
        ("B", Change.REMOVED),
    ]


def test_paragraphs_are_split_on_blank_lines():
    assert paragraphs("One\nstill one.\n\n  \nTwo.\n\n\nThree.") == [
        "One\nstill one.",
        "Two.",
        "Three.",
    ]


def test_the_introduction_shows_which_paragraphs_changed():
    old = "Keep this.\n\nReword this.\n\nDrop this.\n\nKeep that."
    new = "Keep this.\n\nReworded this.\n\nKeep that.\n\nAdd this."
    changes = introduction_changes(old, new)
    assert [(c.change, c.old, c.new) for c in changes] == [
        (Change.UNCHANGED, "Keep this.", "Keep this."),
        (Change.REDESCRIBED, "Reword this.", "Reworded this."),
        (Change.REMOVED, "Drop this.", ""),
        (Change.UNCHANGED, "Keep that.", "Keep that."),
        (Change.ADDED, "", "Add this."),
    ]
    assert str(changes[1].label) == "Changed"
    assert [(c.old_number, c.new_number) for c in changes] == [
        (1, 1),
        (2, 2),
        (3, None),
        (4, 3),
        (None, 4),
    ]
