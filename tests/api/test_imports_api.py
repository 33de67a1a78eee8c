"""Import routes: upload (202/413/422/403/401), list, status, errors (JSON and CSV), templates."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from edu_platform.i18n import translate
from edu_platform.jobs.imports import run_import
from edu_platform.models import ImportJob, User
from edu_platform.settings import settings
from tests.support.api import auth

USERS = (
    "email,full_name,role\n"
    "api-one@example.com,One,student\n"
    "broken,Two,student\n"
    "api-three@example.com,Three,wizard\n"
)


@pytest.fixture
def enqueued(enqueued, monkeypatch, tmp_path):
    """The suite's recorder, with uploads going to a temporary data dir."""
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    return enqueued


@pytest.fixture
def people(committed_session, enqueued):
    admin = User(email="admin@imports-api.example.com", full_name="Admin", role="admin")
    student = User(email="s@imports-api.example.com", full_name="S")
    committed_session.add_all([admin, student])
    committed_session.commit()
    return {name: auth(user) for name, user in (("admin", admin), ("student", student))}


def post(
    client, headers, data: bytes, kind: str = "users", name: str = "people.csv", **fields: str
):
    return client.post(
        "/api/v1/imports",
        headers=headers,
        data={"kind": kind, **fields},
        files={"file": (name, data, "text/csv")},
    )


def jobs_in(session) -> int:
    session.expire_all()
    session.commit()
    return session.scalar(select(func.count()).select_from(ImportJob))


def test_admin_upload_is_accepted_with_202_and_queued(client, people, enqueued, committed_session):
    response = post(client, people["admin"], USERS.encode())
    assert response.status_code == 202
    body = response.json()
    assert (body["kind"], body["status"], body["total"], body["processed"]) == (
        "users",
        "queued",
        3,
        0,
    )
    assert body["filename"] == "people.csv"
    assert body["invite"] is False
    assert [(call.fn, *call.args) for call in enqueued] == [(run_import, body["id"])]
    assert jobs_in(committed_session) == 1


@pytest.mark.parametrize(("sent", "invite"), [("true", True), ("TRUE", True), ("false", False)])
def test_invite_is_kept_on_the_job(client, people, committed_session, sent, invite):
    response = post(client, people["admin"], USERS.encode(), invite=sent)
    assert response.status_code == 202
    assert response.json()["invite"] is invite
    committed_session.expire_all()
    assert committed_session.get(ImportJob, response.json()["id"]).invite is invite
    read = client.get(f"/api/v1/imports/{response.json()['id']}", headers=people["admin"])
    assert read.json()["invite"] is invite


@pytest.mark.parametrize(
    ("kind", "sent", "detail", "key"),
    [
        ("users", "maybe", "invite takes true or false", "imports.error.invite"),
        ("users", "1", "invite takes true or false", "imports.error.invite"),
        ("users", "", "invite takes true or false", "imports.error.invite"),
        ("users", "true" * 300, "invite is longer than 1024 bytes", "imports.error.invite"),
        (
            "courses",
            "true",
            "only a users import sends invitations",
            "imports.error.invite_users_only",
        ),
    ],
)
def test_a_wrong_invite_is_422_naming_invite(
    client, people, committed_session, kind, sent, detail, key
):
    response = post(client, people["admin"], USERS.encode(), kind=kind, invite=sent)
    assert response.status_code == 422
    assert (response.json()["field"], response.json()["detail"]) == ("invite", detail)
    assert jobs_in(committed_session) == 0
    # The page shows the same refusal from the catalogue, in both languages.
    assert translate(key, "ru") != key and translate(key, "en") != key


def test_a_file_over_the_limit_is_413_and_not_stored(
    client, people, committed_session, monkeypatch
):
    monkeypatch.setattr(settings, "max_import_mb", 1)
    data = USERS.encode() + b"x@example.com,X,student\n" * 60_000
    response = post(client, people["admin"], data)
    assert response.status_code == 413
    assert (response.json()["code"], response.json()["field"]) == ("too_large", "file")
    assert jobs_in(committed_session) == 0
    assert not (settings.data_dir / "private" / "imports").exists()


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"", "empty.csv"), (b"\x89PNG\r\n\x1a\n\x00\x00", "picture.csv"), (b"a;b\n1;2\n", "x.csv")],
    ids=["empty", "binary", "wrong-header"],
)
def test_an_empty_or_foreign_file_is_422_naming_the_file(
    client, people, committed_session, data, name
):
    response = post(client, people["admin"], data, name=name)
    assert response.status_code == 422
    assert response.json()["field"] == "file"
    assert jobs_in(committed_session) == 0


def test_an_unknown_kind_is_422_naming_the_kind(client, people):
    response = post(client, people["admin"], USERS.encode(), kind="payments")
    assert response.status_code == 422
    assert response.json()["field"] == "kind"


def test_a_kind_over_a_kilobyte_is_422_naming_the_kind(client, people, committed_session):
    response = post(client, people["admin"], USERS.encode(), kind="users" * 300)
    assert response.status_code == 422
    assert (response.json()["field"], response.json()["detail"]) == (
        "kind",
        "kind is longer than 1024 bytes",
    )
    assert jobs_in(committed_session) == 0


def test_an_upload_without_a_file_is_422(client, people):
    response = client.post("/api/v1/imports", headers=people["admin"], data={"kind": "users"})
    assert response.status_code == 422
    assert response.json()["field"] == "file"


def test_non_admins_are_refused_before_the_file_is_read(client, people, committed_session):
    assert post(client, people["student"], USERS.encode()).status_code == 403
    assert post(client, {}, USERS.encode()).status_code == 401
    for path in (
        "/api/v1/imports",
        "/api/v1/imports/1",
        "/api/v1/imports/1/errors",
        "/api/v1/imports/templates/users",
    ):
        assert client.get(path, headers=people["student"]).status_code == 403
        assert client.get(path).status_code == 401
    assert jobs_in(committed_session) == 0


def test_status_and_errors_after_the_job_ran(client, people):
    job_id = post(client, people["admin"], USERS.encode()).json()["id"]
    run_import(job_id)
    status = client.get(f"/api/v1/imports/{job_id}", headers=people["admin"]).json()
    assert (status["status"], status["total"], status["processed"], status["failed"]) == (
        "done",
        3,
        3,
        2,
    )
    assert status["finished_at"] and status["percent"] == 100
    errors = client.get(
        f"/api/v1/imports/{job_id}/errors", headers=people["admin"], params={"per_page": 1}
    ).json()
    assert (errors["total"], errors["page"], errors["per_page"]) == (2, 1, 1)
    assert errors["items"][0]["row"] == 3 and errors["items"][0]["field"] == "email"
    second = client.get(
        f"/api/v1/imports/{job_id}/errors",
        headers=people["admin"],
        params={"per_page": 1, "page": 2},
    ).json()
    assert second["items"] == [
        {"row": 4, "field": "role", "message": "Unknown value; allowed: student, teacher, admin."}
    ]


def test_errors_download_as_csv(client, people):
    job_id = post(client, people["admin"], USERS.encode()).json()["id"]
    run_import(job_id)
    response = client.get(
        f"/api/v1/imports/{job_id}/errors", headers=people["admin"], params={"format": "csv"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert f'filename="import-{job_id}-errors.csv"' in response.headers["content-disposition"]
    lines = response.text.splitlines()
    assert lines[0] == "row,field,message" and len(lines) == 3
    assert lines[2].startswith("4,role,")


def test_list_is_paginated_newest_first(client, people):
    ids = [post(client, people["admin"], USERS.encode()).json()["id"] for _ in range(3)]
    page = client.get("/api/v1/imports", headers=people["admin"], params={"per_page": 2}).json()
    assert (page["total"], page["page"], page["per_page"]) == (3, 1, 2)
    assert [item["id"] for item in page["items"]] == [ids[2], ids[1]]


def test_unknown_import_is_404(client, people):
    response = client.get("/api/v1/imports/999", headers=people["admin"])
    assert response.status_code == 404
    assert client.get("/api/v1/imports/999/errors", headers=people["admin"]).status_code == 404


def test_templates_are_csv_downloads_with_the_documented_header(client, people):
    response = client.get("/api/v1/imports/templates/courses", headers=people["admin"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "courses-template.csv" in response.headers["content-disposition"]
    assert response.text.strip() == (
        "slug,title,summary,description,price,currency,level,language,category,teacher_email"
    )
    unknown = client.get("/api/v1/imports/templates/payments", headers=people["admin"])
    assert unknown.status_code == 422 and unknown.json()["field"] == "kind"


def test_a_streamed_body_without_length_is_cut_off_at_the_limit(
    client, people, committed_session, monkeypatch
):
    """No Content-Length (chunked): the route counts what it reads and stops past the limit.
    (The test client buffers the generator itself, so only the answer can be checked.)"""
    monkeypatch.setattr(settings, "max_import_mb", 1)

    def body():
        yield (
            b'--XyZ\r\nContent-Disposition: form-data; name="kind"\r\n\r\nusers\r\n'
            b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            b"Content-Type: text/csv\r\n\r\nemail,full_name,role\n"
        )
        for _ in range(40):  # 4 MB
            yield b"x@example.com,X,student\n" * 4096
        yield b"\r\n--XyZ--\r\n"

    response = client.post(
        "/api/v1/imports",
        headers={**people["admin"], "Content-Type": "multipart/form-data; boundary=XyZ"},
        content=body(),
    )
    assert "content-length" not in {key.lower() for key in response.request.headers}
    assert response.status_code == 413
    assert jobs_in(committed_session) == 0
