"""docs/performance.md quotes the last measured figures between markers; this replaces them."""

from __future__ import annotations

from pathlib import Path

PERFORMANCE = Path(__file__).resolve().parents[1] / "docs" / "performance.md"


def replace_section(begin: str, end: str, text: str, path: Path = PERFORMANCE) -> bool:
    """Put ``text`` between the lines ``begin`` and ``end`` of ``path``; False (and nothing
    written) when the file or a marker is missing."""
    if not path.exists():
        return False
    content = path.read_text()
    if begin not in content or end not in content:
        return False
    head, rest = content.split(begin, 1)
    _old, tail = rest.split(end, 1)
    path.write_text(f"{head}{begin}\n{text}\n{end}{tail}")
    return True
