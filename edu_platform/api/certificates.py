"""Certificates: own list, PDF download, public verification, revoke and re-issue (admin),
and the progress of a bulk job."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from edu_platform import db
from edu_platform.api.deps import AdminId, CallerId, run_as
from edu_platform.api.params import Id, PageOut, PageParams
from edu_platform.services import certificates
from edu_platform.services.records import JobProgress, record_from

router = APIRouter(tags=["certificates"])


@dataclass
class CertificateOut(certificates.CertificateFacts):
    pass  # the shape as it is; its own name is the OpenAPI schema's


@dataclass
class VerificationOut(certificates.VerificationFacts):
    pass  # the shape as it is; its own name is the OpenAPI schema's


class RevokeIn(BaseModel):
    reason: str = Field(min_length=1, max_length=certificates.MAX_REASON_LENGTH)


class ReissueOut(BaseModel):
    bulk_job_id: int


@dataclass
class BulkJobOut(JobProgress):
    pass  # the shape as it is; its own name is the OpenAPI schema's


def _out(view: certificates.CertificateView) -> CertificateOut:
    return record_from(CertificateOut, view)


@router.get("/api/v1/certificates", response_model=PageOut[CertificateOut])
def my_certificates(
    caller_id: CallerId,
    paging: PageParams,
) -> PageOut[CertificateOut]:
    result = db.run_sync(certificates.list_for_user, user_id=caller_id, **paging.as_kwargs())
    return PageOut[CertificateOut].of(result.map(_out))


@router.get(
    "/api/v1/certificates/{serial}/pdf",
    response_class=FileResponse,
    responses={200: {"content": {"application/pdf": {}}}},
)
def certificate_pdf(serial: str, caller_id: CallerId) -> FileResponse:
    pdf = db.run_sync(certificates.pdf_for_download, serial=serial, user_id=caller_id)
    return FileResponse(
        pdf.path,
        media_type="application/pdf",
        filename=pdf.filename,
        content_disposition_type="attachment",
        headers={"Cache-Control": "private, no-store"},
    )


@router.get("/api/v1/certificates/{serial}/verify", response_model=VerificationOut)
def verify_certificate(serial: str) -> VerificationOut:
    result = db.run_sync(certificates.verify, serial=serial)
    return record_from(VerificationOut, result)


@router.post("/api/v1/certificates/{serial}/revoke", response_model=CertificateOut)
def revoke_certificate(serial: str, body: RevokeIn, caller_id: AdminId) -> CertificateOut:
    view = run_as(caller_id, certificates.revoke, serial=serial, reason=body.reason)
    return _out(view)


@router.post(
    "/api/v1/courses/{course_id}/certificates/reissue",
    response_model=ReissueOut,
    status_code=202,
)
def reissue_course_certificates(course_id: Id, caller_id: AdminId) -> ReissueOut:
    job = run_as(caller_id, certificates.reissue_course, course_id=course_id)
    return ReissueOut(bulk_job_id=job.id)


@router.get("/api/v1/bulk-jobs/{bulk_job_id}", response_model=BulkJobOut)
def bulk_job_status(bulk_job_id: Id, caller_id: AdminId) -> BulkJobOut:
    job = db.run_sync(certificates.bulk_job, actor_id=caller_id, bulk_job_id=bulk_job_id)
    return record_from(BulkJobOut, job)
