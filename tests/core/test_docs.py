"""The code cites the repository's own documents (docs/), never files outside it, and every
document it cites exists."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SKIP = {".venv", ".data", "static", "node_modules", ".git", "staticfiles"}
SUFFIXES = {".py", ".html", ".txt", ".md", ".toml", ".cfg"}
OUTSIDE = re.compile(r"DESIGN\.md|STYLE\.md|\.\./shared|/work/shared")
CITED = re.compile(r"docs/[\w/.-]+\.md")
THIS_FILE = Path(__file__).resolve()


def sources():
    for folder, folders, files in os.walk(ROOT):
        folders[:] = [name for name in folders if name not in SKIP]
        for name in files:
            path = Path(folder) / name
            if path.suffix in SUFFIXES and path != THIS_FILE:
                yield path, path.relative_to(ROOT)


def test_nothing_cites_a_file_outside_the_repository():
    found = [
        f"{relative}:{number}"
        for path, relative in sources()
        for number, line in enumerate(path.read_text(errors="ignore").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not found, f"cite docs/ instead: {found}"


def test_every_document_cited_exists():
    cited = {
        match.group(0).rstrip(".")
        for path, _relative in sources()
        for match in CITED.finditer(path.read_text(errors="ignore"))
    }
    assert "docs/domain.md" in cited
    missing = sorted(name for name in cited if not (ROOT / name).exists())
    assert not missing, f"cited but not in the repository: {missing}"
