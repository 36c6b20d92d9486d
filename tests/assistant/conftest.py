"""Fixtures of the assistant tests (the shared real-model index lives in tests/conftest.py)."""
