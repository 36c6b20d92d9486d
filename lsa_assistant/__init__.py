"""LSA Assistant: shared core (settings, errors, command line) for the four stage packages."""

__version__ = "0.1.0"
