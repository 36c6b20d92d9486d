"""Placeholder: filled by the service issue."""

from __future__ import annotations

from fastapi import FastAPI

from lsa_assistant.settings import Settings


def install_middleware(app: FastAPI, settings: Settings) -> None:
    return None
