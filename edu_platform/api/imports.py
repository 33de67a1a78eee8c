"""Bulk imports (admin): upload a CSV / JSON-lines file, follow the job, read its row errors.

The upload route reads the multipart body itself, as a stream: the caller's role is
checked before any of it is read, a declared Content-Length over the limit is refused
at once, and at most max_import_mb + 1 byte of the file is kept (Starlette's own form
parser would spool any size to disk first). Too large → 413; empty or not CSV/JSON lines
→ 422 naming the field.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool

from edu_platform import db
from edu_platform.api.deps import AdminId, run_as
from edu_platform.api.params import Id, PageOut, PageParams
from edu_platform.services import imports
from edu_platform.services.errors import Invalid
from edu_platform.services.paging import Page
from edu_platform.settings import settings

router = APIRouter(tags=["imports"])

MULTIPART_OVERHEAD = 64 * 1024  # part headers, boundaries and the small fields
MAX_FIELD_BYTES = 1024
# The form fields read besides the file, and what one that is refused says (the
# service's words for a wrong kind).
_FIELD_ERROR_KEYS = {"kind": "imports.error.kind", "invite": "imports.error.invite"}


# --- the upload: a bounded streaming multipart reader -------------------------------------


class _TooLarge(Exception):
    pass


class _UploadForm:
    """The `kind` and `invite` fields and the `file` part of a multipart body, the file
    capped at `limit`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kind = ""
        self.invite: str | None = None  # absent: no invitations
        self.too_long: str | None = None  # a field over MAX_FIELD_BYTES, named in the 422
        self.filename: str | None = None
        self.data: bytearray | None = None
        self._name = ""
        self._is_file = False
        self._buffer = bytearray()
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""

    def on_part_begin(self) -> None:
        self._name, self._is_file, self._buffer = "", False, bytearray()
        self._disposition = b""

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name, self._header_value = b"", b""

    def on_headers_finished(self) -> None:
        _disposition, options = parse_options_header(self._disposition)
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        self._is_file = self._name == "file"
        if self._is_file:
            self.filename = options.get(b"filename", b"").decode("utf-8", "replace")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        size = len(self._buffer) + end - start
        if self._is_file and size > self.limit:
            raise _TooLarge
        if not self._is_file and size > MAX_FIELD_BYTES:
            # Only `kind` and `invite` matter, and they are short: one that is not is
            # refused (its later pieces must not be stitched onto its first).
            if self._name in _FIELD_ERROR_KEYS:
                self.too_long = self._name
            return
        self._buffer += data[start:end]

    def on_part_end(self) -> None:
        if self._is_file:
            self.data = self._buffer
        elif self._name in _FIELD_ERROR_KEYS:
            setattr(self, self._name, self._buffer.decode("utf-8", "replace").strip())

    def callbacks(self) -> Any:  # python-multipart's MultipartCallbacks (a TypedDict)
        return {
            name: getattr(self, name)
            for name in (
                "on_part_begin",
                "on_header_field",
                "on_header_value",
                "on_header_end",
                "on_headers_finished",
                "on_part_data",
                "on_part_end",
            )
        }


async def _read_upload(request: Request) -> _UploadForm:
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or not params.get(b"boundary"):
        raise Invalid(
            "send multipart/form-data with a file", message_key="imports.error.empty", field="file"
        )
    limit = settings.max_import_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_OVERHEAD:
        raise _TooLarge
    form = _UploadForm(limit)
    parser = MultipartParser(params[b"boundary"], form.callbacks())
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit + MULTIPART_OVERHEAD:
            raise _TooLarge
        parser.write(chunk)
    parser.finalize()
    return form


_INVITE_VALUES = {"true": True, "false": False}


def _invite_flag(value: str | None) -> bool:
    """The `invite` field: true or false as the schema's boolean is written in a form
    (any case); absent is false."""
    if value is None:
        return False
    try:
        return _INVITE_VALUES[value.lower()]
    except KeyError:
        raise Invalid(
            "invite takes true or false", message_key="imports.error.invite", field="invite"
        ) from None


def _create(
    caller_id: int, kind: str, filename: str, data: bytes, invite: bool
) -> imports.ImportJobView:
    return run_as(
        caller_id, imports.create_import, kind=kind, filename=filename, data=data, invite=invite
    )


@router.post(
    "/api/v1/imports",
    status_code=202,
    response_model=imports.ImportJobView,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file", "kind"],
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "kind": {"type": "string", "enum": list(imports.KINDS)},
                            "invite": {
                                "type": "boolean",
                                "default": False,
                                "description": "users only: mail each new account a "
                                "link to set its password",
                            },
                        },
                    }
                }
            },
        }
    },
)
async def create_import(request: Request, caller_id: AdminId) -> imports.ImportJobView:
    """Upload a CSV or JSON-lines file of `kind`; 202 with the queued job. The role is
    checked (AdminId) before a byte of the upload is read: nobody else gets to send us
    megabytes."""
    try:
        form = await _read_upload(request)
    except _TooLarge:
        raise imports.FileTooLarge(
            f"the file is larger than {settings.max_import_mb} MB",
            message_key="imports.error.too_large",
            field="file",
            params={"mb": settings.max_import_mb},
        ) from None
    if form.too_long is not None:
        raise Invalid(
            f"{form.too_long} is longer than {MAX_FIELD_BYTES} bytes",
            message_key=_FIELD_ERROR_KEYS[form.too_long],
            field=form.too_long,
        )
    if form.data is None:
        raise Invalid("the file is required", message_key="imports.error.empty", field="file")
    invite = _invite_flag(form.invite)
    return await run_in_threadpool(
        _create, caller_id, form.kind, form.filename or "", bytes(form.data), invite
    )


@router.get("/api/v1/imports", response_model=PageOut[imports.ImportJobView])
def list_imports(
    caller_id: AdminId,
    paging: PageParams,
) -> Page[imports.ImportJobView]:
    result = db.run_sync(imports.list_imports, actor_id=caller_id, **paging.as_kwargs())
    return result


@router.get("/api/v1/imports/templates/{kind}")
def import_template(kind: str, caller_id: AdminId) -> Response:
    """The CSV template (header line) of an import kind (admins: AdminId)."""
    body = imports.template_csv(kind)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{kind}-template.csv"'},
    )


@router.get("/api/v1/imports/{job_id}", response_model=imports.ImportJobView)
def import_status(job_id: Id, caller_id: AdminId) -> imports.ImportJobView:
    return db.run_sync(imports.import_status, actor_id=caller_id, job_id=job_id)


@router.get("/api/v1/imports/{job_id}/errors", response_model=PageOut[imports.ImportErrorView])
def import_errors(
    job_id: Id,
    caller_id: AdminId,
    paging: PageParams,
    format: Literal["json", "csv"] = "json",
) -> Response | Page[imports.ImportErrorView]:
    """The job's row errors `{row, field, message}` in file order; `format=csv` downloads
    all of them."""
    if format == "csv":
        body = db.run_sync(imports.errors_csv, actor_id=caller_id, job_id=job_id)
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="import-{job_id}-errors.csv"'},
        )
    return db.run_sync(
        imports.import_errors,
        actor_id=caller_id,
        job_id=job_id,
        **paging.as_kwargs(),
    )
