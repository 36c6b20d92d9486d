"""Placeholder: filled by the service issue."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
