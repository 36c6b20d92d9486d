"""The one rule for control characters in text a client sends (search queries, chat messages, comments).

Refused: C0 controls except tab and line breaks, DEL, and U+FFFD – what invalid UTF-8 in a URL decodes to, and in
a body a sign of text that was broken before it reached us. Routes answer 400 (``BadRequestError``), models 422.
"""

from __future__ import annotations

import re

#: The refused characters as a regular-expression class body (also the OpenAPI ``pattern`` of plain-text fields).
CONTROL_CHARS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd"
CONTROL = re.compile(f"[{CONTROL_CHARS}]")
#: JSON-schema pattern of a text field without those characters.
PLAIN_TEXT_PATTERN = f"^[^{CONTROL_CHARS}]*$"


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character the rule refuses."""
    return CONTROL.search(text) is not None
