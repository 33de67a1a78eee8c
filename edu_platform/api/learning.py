"""Learning routes: progress, lesson completion, private lesson files, learning events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, NotRequired

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from edu_platform import db
from edu_platform.api.deps import CallerId, OptionalCallerId, run_as
from edu_platform.api.media import attachment_download
from edu_platform.api.params import BodyDateTime, BodyId, ErrorOut, Id
from edu_platform.services import event_intake, player, progress

router = APIRouter(tags=["learning"])


@router.get("/api/v1/progress/{course_id}", response_model=progress.CourseProgress)
def get_progress(course_id: Id, caller_id: CallerId) -> progress.CourseProgress:
    return db.run_sync(progress.course_progress, user_id=caller_id, course_id=course_id)


@router.post("/api/v1/lessons/{lesson_id}/complete", response_model=progress.CourseProgress)
def complete_lesson(lesson_id: Id, caller_id: CallerId) -> progress.CourseProgress:
    return run_as(caller_id, progress.complete_lesson, actor_arg="user_id", lesson_id=lesson_id)


@router.get("/api/v1/lessons/{lesson_id}/video")
def lesson_video(lesson_id: Id, caller_id: OptionalCallerId) -> FileResponse:
    """The uploaded video, with HTTP Range support for seeking (Starlette's FileResponse)."""
    path = db.run_sync(player.lesson_video_file, user_id=caller_id, lesson_id=lesson_id)
    return FileResponse(path, headers={"Cache-Control": "private, max-age=3600"})


@router.get("/api/v1/lessons/{lesson_id}/attachments/{attachment_id}")
def lesson_attachment(
    lesson_id: Id, attachment_id: Id, caller_id: OptionalCallerId
) -> FileResponse:
    return attachment_download(
        player.attachment_file, user_id=caller_id, lesson_id=lesson_id, attachment_id=attachment_id
    )


# Typed dicts, not models: pydantic validates a batch of 5,000 straight into the dicts the
# service takes, three times faster than building models and dumping them again.
class EventIn(TypedDict):
    type: Annotated[str, Field(max_length=50)]
    course_id: BodyId
    lesson_id: NotRequired[BodyId | None]
    user_id: NotRequired[BodyId | None]  # services may send events for other users (admins)
    ts: NotRequired[BodyDateTime | None]
    payload: NotRequired[dict[str, Any] | None]


class EventBatch(TypedDict):
    events: Annotated[list[EventIn], Field(max_length=event_intake.MAX_BATCH)]


EVENT_BATCH = TypeAdapter(EventBatch)


class LooseEventBatch(TypedDict):
    """The batch's envelope alone: each event is checked on its own (ONE_EVENT)."""

    events: Annotated[list[Any], Field(max_length=event_intake.MAX_BATCH)]


LOOSE_EVENT_BATCH = TypeAdapter(LooseEventBatch)
ONE_EVENT = TypeAdapter(EventIn)


class EventsAccepted(BaseModel):
    accepted: int
    errors: list[event_intake.EventError]


def _inline_refs(schema: dict) -> Any:
    """`schema` with its `#/$defs/...` references replaced by the definitions, so it can
    stand inline in the OpenAPI document."""
    definitions = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return resolve(definitions[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


def _batch_schema() -> dict:
    """The batch as the route takes it: up to 5,000 events, each of EventIn's shape, or
    anything else, which is not stored but reported in `errors` by its index (so a batch
    with a malformed event is still a 202, as the document must say)."""
    schema = _inline_refs(EVENT_BATCH.json_schema())
    events = schema["properties"]["events"]
    events["items"] = {
        "anyOf": [
            events["items"],
            {"description": "any other value: not stored, reported in `errors` by its index"},
        ]
    }
    return {"anyOf": [schema, {**events, "description": "the events alone, as a JSON array"}]}


EVENT_BATCH_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": _batch_schema()}},
    }
}


@router.post(
    "/api/v1/events",
    status_code=202,
    response_model=EventsAccepted,
    openapi_extra=EVENT_BATCH_BODY,
    # The body is parsed by the route itself, so the usual 422 is not inferred.
    responses={
        413: {"model": ErrorOut, "description": "Body larger than a batch can be"},
        422: {"model": ErrorOut, "description": "Not a valid batch"},
    },
)
async def post_events(request: Request, caller_id: CallerId) -> EventsAccepted:
    """Up to 5,000 events; invalid ones are reported by index, valid ones kept.

    The body is parsed straight from its bytes by pydantic's JSON mode (about twice as
    fast as FastAPI's own json.loads + validation for a batch of 5,000); the parse and
    then the service run in the thread pool like every `def` route.
    """
    # In the thread pool: a batch with a malformed event is parsed event by event (up to
    # half a second for 5,000 large ones), which must not hold up the event loop.
    events, malformed = await run_in_threadpool(_parse_batch, await request.body())
    result = await run_in_threadpool(
        db.run_sync,
        event_intake.accept_events,
        caller_id=caller_id,
        events=events,
        malformed=malformed,
    )
    return EventsAccepted(accepted=result.accepted, errors=result.errors)


def _parse_batch(raw: bytes) -> tuple[Sequence[EventIn | None], list[event_intake.EventError]]:
    """(events, errors): the batch's events, None in place of each malformed one, whose
    error names its index. A body that is not a batch at all (not JSON, no `events` list,
    over 5,000 events) is a 422 for the whole request. A bare JSON array of events is
    taken as the batch too (API.md says "batch of learning events", not the envelope)."""
    if raw.lstrip()[:1] == b"[":
        raw = b'{"events":' + raw + b"}"
    try:
        return EVENT_BATCH.validate_json(raw)["events"], []
    except ValidationError:
        pass  # an event of the wrong shape, or no batch at all: the envelope tells which
    try:
        items = LOOSE_EVENT_BATCH.validate_json(raw)["events"]
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
        ) from None
    events: list[EventIn | None] = []
    malformed: list[event_intake.EventError] = []
    for index, item in enumerate(items):
        try:
            events.append(ONE_EVENT.validate_python(item))
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"]) or "event"
            malformed.append(event_intake.EventError(index, where, first["msg"]))
            events.append(None)
    return events, malformed
