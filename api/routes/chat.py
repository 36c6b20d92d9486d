"""``POST /v1/chat``: the answer JSON for a conversation (stateless: the history travels in the request)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.models import Answer, Message
from lsa_assistant.errors import BadRequestError, IndexMissingError, NotBuiltError

router = APIRouter(prefix="/v1", tags=["chat"])


class ChatRequest(BaseModel):
    messages: list[Message] = Field(min_length=1, max_length=30)
    stream: bool = False


def get_assistant(request: Request) -> object:
    assistant = request.app.state.assistant
    if assistant is None:
        raise IndexMissingError(request.app.state.not_ready_reason or "index not loaded")
    return assistant


@router.post("/chat", response_model=Answer)
async def chat(body: ChatRequest, assistant: Annotated[object, Depends(get_assistant)]) -> Answer:
    if body.stream:
        raise NotBuiltError('streaming (server-sent events) is not built yet; send "stream": false')
    if body.messages[-1].role != "user":
        raise BadRequestError("the last message must come from the user")
    if any("\x00" in m.content or not m.content.strip() for m in body.messages):
        raise BadRequestError("messages must contain visible text")
    answer, _ = await run_in_threadpool(assistant.answer, body.messages)  # type: ignore[attr-defined]
    return answer
