"""Read the messages Django's file e-mail backend wrote to EMAIL_FILE_PATH (the demo outbox).

The backend appends each message to a `.log` file followed by a line of 79 dashes; one file
may hold several messages (one per connection).
"""

import email
import email.policy
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

SEPARATOR = re.compile(rb"^-{79}$", flags=re.MULTILINE)
FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.log")
# The outbox is a demo aid: the newest files are enough, and a page stays quick.
MAX_FILES = 200


@dataclass
class OutboxMessage:
    file_name: str
    index: int
    date: datetime | None
    sender: str
    to: str
    subject: str
    text: str
    html_links: list[str] = field(default_factory=list)


class _LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith(("http://", "https://")) and href not in self.links:
                self.links.append(href)


def _part_content(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return ""
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError):
        return part.get_payload(decode=True).decode("utf-8", "replace")


def _parse(file_name: str, index: int, raw: bytes) -> OutboxMessage | None:
    raw = raw.strip(b"\r\n")
    if not raw:
        return None
    message = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        date = parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        date = None
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    collector = _LinkCollector()
    collector.feed(_part_content(message, "html"))
    return OutboxMessage(
        file_name=file_name,
        index=index,
        date=date,
        sender=str(message["From"] or ""),
        to=str(message["To"] or ""),
        subject=str(message["Subject"] or ""),
        text=_part_content(message, "plain"),
        html_links=collector.links,
    )


def _messages_in(path: Path) -> list[OutboxMessage]:
    chunks = SEPARATOR.split(path.read_bytes())
    parsed = (_parse(path.name, index, chunk) for index, chunk in enumerate(chunks))
    return [message for message in parsed if message is not None]


def _outbox_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if FILE_NAME.fullmatch(p.name) and p.is_file()]
    files.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    return files[:MAX_FILES]


def outbox_messages(folder: Path | None = None) -> list[OutboxMessage]:
    """Every message in the outbox, newest first."""
    folder = Path(folder or settings.EMAIL_FILE_PATH)
    messages = [message for path in _outbox_files(folder) for message in _messages_in(path)]
    oldest = datetime.min.replace(tzinfo=UTC)
    messages.sort(key=lambda m: (m.date or oldest, m.file_name, m.index), reverse=True)
    return messages


def outbox_message_get(file_name: str, index: int, folder: Path | None = None):
    """One message, or None. `file_name` must be a file the outbox lists (no paths)."""
    folder = Path(folder or settings.EMAIL_FILE_PATH)
    path = next((p for p in _outbox_files(folder) if p.name == file_name), None)
    if path is None:
        return None
    return next((m for m in _messages_in(path) if m.index == index), None)
