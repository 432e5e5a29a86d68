"""The one word count: what a word limit means, wherever it is checked.

govuk-frontend's character count (the browser script on every long answer) counts a word as a
run of characters that are not white space (`/\\S+/g`); the bid journey and the builder count
the same way here, so the page and the server never disagree about a limit.
"""

import re

_WORD = re.compile(r"\S+")


def word_count(text: str | None) -> int:
    """The number of words in `text`: runs of non-space characters."""
    if not text:
        return 0
    return len(_WORD.findall(text))
