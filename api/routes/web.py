"""The web pages: citizens' chat at ``/``, staff lookup at ``/staff``; plain files, no build step.

The pages load their scripts and styles from ``/static`` only (the CSP forbids inline code) and talk to the
same ``/v1`` API that portals use.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

router = APIRouter(include_in_schema=False)


@router.get("/")
def chat_page() -> FileResponse:
    return FileResponse(WEB_DIR / "chat.html", media_type="text/html; charset=utf-8")


@router.get("/staff")
def staff_page() -> FileResponse:
    return FileResponse(WEB_DIR / "staff.html", media_type="text/html; charset=utf-8")


def mount_static(app: object) -> None:
    """``/static``: CSS, JS and images of both pages."""
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")  # type: ignore[attr-defined]
