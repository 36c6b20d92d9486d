"""Placeholder: filled by the service issue."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from lsa_assistant.settings import Settings

router = APIRouter()


def open_feedback_store(app: FastAPI, settings: Settings) -> None:
    app.state.feedback = None


def close_feedback_store(app: FastAPI) -> None:
    app.state.feedback = None
