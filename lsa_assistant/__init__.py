"""LSA Assistant: the ground package every stage uses (settings, errors, atomic files, import helpers).

It imports none of the stages; the command line that wires them lives above them in ``cli``.
"""

__version__ = "0.1.0"
