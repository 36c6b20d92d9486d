"""Where benchmark figures go: printed, and into their own marked section of a Markdown file."""

from __future__ import annotations

from pathlib import Path


def write_section(out: Path, section: str) -> None:
    """Replace the section between the markers that open and close ``section`` (its first and last line), or
    append it when the file has none yet."""
    text = out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n"
    lines = section.splitlines()
    begin, end = lines[0], lines[-1]
    if begin in text and end in text:
        text = text[: text.index(begin)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    out.write_text(text, encoding="utf-8")


def publish(section: str, out: Path | None) -> int:
    """Print ``section`` and, with ``out``, write it there; the exit code of a benchmark's ``main``."""
    print(section)
    if out is not None:
        write_section(out, section)
    return 0
