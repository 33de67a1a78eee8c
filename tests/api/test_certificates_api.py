"""Certificate routes: own list, PDF download (holder/admin; bearer or session cookie),
public verification, revoke and course re-issue (admin) with bulk job progress."""

from __future__ import annotations

from sqlmodel import Session

from edu_platform import db
from edu_platform.jobs import certificates as certificate_jobs
from edu_platform.models import Certificate, Enrollment, User
from edu_platform.services import certificates, sessions
from tests.support.api import auth
from tests.support.certificate_data import COURSE_TITLE, HOLDER, completed_enrollment
from tests.support.factories import make_course, make_enrollment, make_lesson, make_user


def _issue(session: Session, *, render: bool = True, **kwargs) -> tuple[Certificate, User]:
    done = completed_enrollment(session, **kwargs)
    session.commit()
    certificate = db.run_sync(certificates.request_certificate, enrollment_id=done.enrollment.id)
    if render:
        certificate = db.run_sync(certificates.render_certificate, certificate_id=certificate.id)
    return certificate, done.learner


def test_own_certificates_have_the_contract_shape(client, committed_session, data_dir, enqueued):
    ready, learner = _issue(committed_session)
    course_2 = completed_enrollment(committed_session, learner=learner, title="Второй курс")
    _issue(committed_session)  # someone else's
    committed_session.commit()
    pending = db.run_sync(certificates.request_certificate, enrollment_id=course_2.enrollment.id)

    response = client.get("/api/v1/certificates", headers=auth(learner))
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["page"], body["per_page"]) == (2, 1, 20)
    by_serial = {item["serial"]: item for item in body["items"]}
    assert set(by_serial) == {ready.serial, pending.serial}
    assert by_serial[ready.serial] == {
        "serial": ready.serial,
        "course_id": ready.course_id,
        "course_title": COURSE_TITLE,
        "holder_name": HOLDER,
        "issued_at": by_serial[ready.serial]["issued_at"],
        "status": "ready",
        "pdf_url": f"/api/v1/certificates/{ready.serial}/pdf",
    }
    assert by_serial[ready.serial]["issued_at"].startswith(ready.issued_at.date().isoformat())
    assert by_serial[pending.serial]["status"] == "pending"
    assert by_serial[pending.serial]["pdf_url"] is None
    assert client.get("/api/v1/certificates").status_code == 401


def test_pdf_is_downloaded_by_its_holder_and_admins_only(client, committed_session, data_dir):
    certificate, learner = _issue(committed_session)
    admin = make_user(committed_session, role="admin")
    stranger = make_user(committed_session)
    committed_session.commit()
    url = f"/api/v1/certificates/{certificate.serial}/pdf"

    for headers in (auth(learner), auth(admin)):
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"] == (
            f'attachment; filename="certificate-{certificate.serial}.pdf"'
        )
        assert response.content.startswith(b"%PDF")
        assert response.content == (data_dir / certificate.pdf_path).read_bytes()

    ticket = db.run_sync(
        sessions.create_ticket, user_id=learner.id, user_agent="pytest", ip="127.0.0.1"
    )
    cookie = db.run_sync(sessions.redeem_ticket, ticket=ticket)
    client.cookies.set(sessions.SESSION_COOKIE, cookie)
    by_cookie = client.get(url)
    assert by_cookie.status_code == 200 and by_cookie.content.startswith(b"%PDF")
    client.cookies.clear()

    forbidden = client.get(url, headers=auth(stranger))
    assert (forbidden.status_code, forbidden.json()["code"]) == (403, "forbidden")
    assert client.get(url).status_code == 401
    unknown = client.get(
        f"/api/v1/certificates/{certificates.new_serial()}/pdf", headers=auth(admin)
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")


def test_pending_pdf_is_a_conflict(client, committed_session, data_dir, enqueued):
    certificate, learner = _issue(committed_session, render=False)
    response = client.get(f"/api/v1/certificates/{certificate.serial}/pdf", headers=auth(learner))
    assert (response.status_code, response.json()["code"]) == (409, "conflict")


def test_verify_is_public_and_tells_valid_unknown_and_revoked(client, committed_session, data_dir):
    certificate, _learner = _issue(committed_session)
    admin = make_user(committed_session, role="admin")
    committed_session.commit()

    valid = client.get(f"/api/v1/certificates/{certificate.serial}/verify")
    assert valid.status_code == 200
    body = valid.json()
    assert {key: body[key] for key in ("valid", "holder", "course", "revoked", "status")} == {
        "valid": True,
        "holder": HOLDER,
        "course": COURSE_TITLE,
        "revoked": False,
        "status": "ready",
    }
    assert body["issued_at"].startswith(certificate.issued_at.date().isoformat())

    unknown = client.get(f"/api/v1/certificates/{certificates.new_serial()}/verify")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")
    assert client.get("/api/v1/certificates/not-a-serial/verify").status_code == 404

    client.post(
        f"/api/v1/certificates/{certificate.serial}/revoke",
        json={"reason": "Подлог"},
        headers=auth(admin),
    )
    revoked = client.get(f"/api/v1/certificates/{certificate.serial}/verify").json()
    assert (revoked["valid"], revoked["revoked"]) == (False, True)


def test_revoke_needs_an_admin_and_a_reason(client, committed_session, data_dir):
    certificate, learner = _issue(committed_session)
    admin = make_user(committed_session, role="admin")
    committed_session.commit()
    url = f"/api/v1/certificates/{certificate.serial}/revoke"

    assert client.post(url, json={"reason": "x"}).status_code == 401
    assert client.post(url, json={"reason": "x"}, headers=auth(learner)).status_code == 403
    for body in ({}, {"reason": ""}, {"reason": "   "}):
        response = client.post(url, json=body, headers=auth(admin))
        assert (response.status_code, response.json()["field"]) == (422, "reason")
    committed_session.commit()  # a fresh snapshot (SQLite)
    committed_session.expire_all()
    assert committed_session.get(Certificate, certificate.id).status == "ready"

    response = client.post(url, json={"reason": "Подлог документов"}, headers=auth(admin))
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["pdf_url"]) == ("revoked", None)
    committed_session.commit()  # a fresh snapshot (SQLite)
    committed_session.expire_all()
    row = committed_session.get(Certificate, certificate.id)
    assert (row.status, row.revoked_reason) == ("revoked", "Подлог документов")


def test_reissue_is_accepted_for_admins_and_its_progress_is_readable(
    client, committed_session, data_dir, enqueued
):
    certificate, learner = _issue(committed_session)
    admin = make_user(committed_session, role="admin")
    committed_session.commit()
    url = f"/api/v1/courses/{certificate.course_id}/certificates/reissue"

    assert client.post(url, headers=auth(learner)).status_code == 403
    assert (
        client.post("/api/v1/courses/999999/certificates/reissue", headers=auth(admin)).status_code
        == 404
    )
    response = client.post(url, headers=auth(admin))
    assert response.status_code == 202
    job_id = response.json()["bulk_job_id"]
    queued = client.get(f"/api/v1/bulk-jobs/{job_id}", headers=auth(admin)).json()
    assert (queued["status"], queued["total"], queued["processed"]) == ("queued", 1, 0)

    for fn, args, _queue in enqueued:
        fn(*args)
    done = client.get(f"/api/v1/bulk-jobs/{job_id}", headers=auth(admin))
    assert done.status_code == 200
    body = done.json()
    assert {key: body[key] for key in ("id", "kind", "status", "total", "processed", "failed")} == {
        "id": job_id,
        "kind": "certificate_reissue",
        "status": "done",
        "total": 1,
        "processed": 1,
        "failed": 0,
    }
    assert body["finished_at"] is not None
    assert client.get(f"/api/v1/bulk-jobs/{job_id}", headers=auth(learner)).status_code == 403
    assert client.get("/api/v1/bulk-jobs/999999", headers=auth(admin)).status_code == 404


def test_completing_the_last_lesson_over_the_api_issues_one_certificate_dated_then(
    client, committed_session, data_dir, enqueued
):
    learner = make_user(committed_session, name=HOLDER)
    course = make_course(committed_session, price="0.00", title=COURSE_TITLE)
    lesson = make_lesson(committed_session, course)
    enrollment = make_enrollment(
        committed_session, user_id=learner.id, course_id=course.id, commit=True
    )
    listing = client.get("/api/v1/certificates", headers=auth(learner))
    assert listing.json()["total"] == 0

    done = client.post(f"/api/v1/lessons/{lesson.id}/complete", headers=auth(learner))
    assert done.status_code == 200 and done.json()["percent"] == 100
    assert [(call.fn, call.args) for call in enqueued] == [
        (certificate_jobs.issue_certificate_job, (enrollment.id,))
    ]
    for fn, args, _queue in enqueued * 2:  # the job, then a duplicate of it
        assert fn(*args) == "ready"

    committed_session.expire_all()
    completed_at = committed_session.get(Enrollment, enrollment.id).completed_at
    body = client.get("/api/v1/certificates", headers=auth(learner)).json()
    assert body["total"] == 1
    [item] = body["items"]
    assert (item["course_title"], item["holder_name"], item["status"]) == (
        COURSE_TITLE,
        HOLDER,
        "ready",
    )
    assert item["issued_at"].replace("Z", "+00:00")[:19] == completed_at.isoformat()[:19]
    verify = client.get(f"/api/v1/certificates/{item['serial']}/verify").json()
    assert (verify["valid"], verify["holder"], verify["revoked"]) == (True, HOLDER, False)
