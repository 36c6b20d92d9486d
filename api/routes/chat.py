"""``POST /v1/chat``: the answer for a conversation (stateless: the history travels in the request),
as JSON or, with ``"stream": true`` or ``Accept: text/event-stream``, as server-sent events."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field, StrictBool
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from api.deps import BUILD_HEADER, AssistantDep, build_id
from api.errors import error_body
from api.metrics import observe_answer, observe_stages
from api.validation import has_control
from assistant.models import Answer, Message
from lsa_assistant.errors import BadRequestError

router = APIRouter(prefix="/v1", tags=["chat"])
DELTA_CHARS = 40

SSE_DESCRIPTION = (
    'With `"stream": true` or `Accept: text/event-stream`: server-sent events `meta` '
    '(`{answer_id, intent, no_answer, responsible}`), then several `delta` (`{"text": …}`, '
    "concatenated they are `answer`), then `answer` (the complete Answer JSON). An error after the "
    "stream has started arrives as an `error` event carrying the problem JSON."
)
SSE_EXAMPLE = (
    'event: meta\ndata: {"answer_id": "…", "intent": "responsibility", "no_answer": false, '
    '"responsible": […]}\n\nevent: delta\ndata: {"text": "Zuständig ist das Ministerium "}\n\n'
    'event: answer\ndata: {"answer_id": "…", "answer": "…", …}\n\n'
)


class ChatRequest(BaseModel):
    messages: list[Message] = Field(min_length=1, max_length=30)
    stream: StrictBool = False
    place: str | None = Field(
        None,
        pattern=r"^(?:[0-9]{5}|[0-9]{9}|[0-9]{12})?$",
        description="ARS of the place the client keeps (the web chat's place chip); empty string: the user removed "
        "it, places named in earlier turns are ignored; absent: the newest place the user's turns name. A place named "
        "in the newest user turn always applies.",
        examples=["150850235235"],
    )


def split_deltas(text: str, size: int = DELTA_CHARS) -> list[str]:
    """Word groups of about ``size`` characters; concatenated they are exactly ``text``."""
    pieces: list[str] = []
    current = ""
    for word in re.split(r"(?<=\s)(?=\S)", text):  # each part: a word and the whitespace after it
        current += word
        if len(current) >= size:
            pieces.append(current)
            current = ""
    if current or not pieces:
        pieces.append(current)
    return pieces


def wants_stream(body: ChatRequest, request: Request) -> bool:
    return body.stream or "text/event-stream" in request.headers.get("accept", "")


def _event(name: str, data: dict[str, Any] | str) -> ServerSentEvent:
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return ServerSentEvent(data=payload, event=name)


async def _answer(
    request: Request, assistant: Any, messages: list[Message], place: str | None = None
) -> Answer:
    """Answers once in a worker thread and feeds the metrics."""
    answer, trace = await run_in_threadpool(assistant.answer, messages, place)
    observe_stages(request, getattr(trace, "seconds", {}) or {})
    observe_answer(request, answer.intent, answer.no_answer)
    return answer


async def _events(
    request: Request, assistant: Any, messages: list[Message], place: str | None = None
) -> AsyncIterator[ServerSentEvent]:
    try:
        answer = await _answer(request, assistant, messages, place)
        yield _event(
            "meta",
            {
                "answer_id": answer.answer_id,
                "intent": answer.intent,
                "no_answer": answer.no_answer,
                "responsible": [r.model_dump(mode="json") for r in answer.responsible],
            },
        )
        for piece in split_deltas(answer.answer):
            yield _event("delta", {"text": piece})
        yield _event("answer", answer.model_dump_json())
    except Exception as e:  # headers are sent already: the problem travels as an event
        yield _event("error", error_body(e))


@router.post(
    "/chat",
    response_model=Answer,
    responses={
        200: {
            "description": "The answer (JSON), or its server-sent events. " + SSE_DESCRIPTION,
            "content": {"text/event-stream": {"schema": {"type": "string"}, "example": SSE_EXAMPLE}},
        }
    },
)
async def chat(
    body: ChatRequest,
    request: Request,
    response: Response,
    assistant: AssistantDep,
) -> Answer | EventSourceResponse:
    if body.messages[-1].role != "user":
        raise BadRequestError("the last message must come from the user")
    if any(has_control(m.content) or not m.content.strip() for m in body.messages):
        raise BadRequestError("messages must contain visible text and no control characters")
    build = {BUILD_HEADER: build_id(getattr(assistant, "searcher", None))}
    if wants_stream(body, request):
        return EventSourceResponse(
            _events(request, assistant, body.messages, body.place), ping=15, headers=build
        )
    response.headers.update(build)
    return await _answer(request, assistant, body.messages, body.place)
