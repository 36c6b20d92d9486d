"""Keeping torch out of the serving process.

The service embeds questions with ONNX Runtime, yet importing the app used to import torch (~2 s and ~180 MiB
RSS): haystack's ``haystack.utils.device`` and thinc's ``thinc.compat`` both *try* to import it at module level
and merely note when it is missing. :func:`torch_hidden` makes those try-imports fail while the service's
modules are imported, so torch is never loaded unless a code path really runs it; such a path (the one-off ONNX
export, the ``torch`` query backend) still imports it normally afterwards.

What haystack and thinc noted stays true for the process: their torch-only helpers (haystack's
``ComponentDevice`` for the sentence-transformers components, thinc's PyTorch wrappers) do not work in it.
The service uses neither; the index job, which does, runs in its own process (:func:`cli.main.cmd_serve`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

#: Modules whose import is refused while hidden (``None`` in ``sys.modules`` makes ``import`` raise ImportError).
HIDDEN = ("torch",)


@contextmanager
def torch_hidden() -> Iterator[None]:
    """Within the block ``import torch`` raises ImportError, as if torch were not installed.

    A no-op when torch is already imported (nothing left to save). Afterwards torch imports normally again.
    """
    hidden = [name for name in HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
