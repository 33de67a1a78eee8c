"""The blog over the API: list with tags and search, a post with its body, authoring
rights (students refused, teachers own posts only, admins any), and a valid RSS 2.0
document parsed here."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from tests.support.api import auth
from tests.support.factories import make_user


@pytest.fixture
def people(committed_session):
    s = committed_session
    data = {
        "admin": make_user(s, role="admin", name="Ada Admin"),
        "teacher": make_user(s, role="teacher", name="Tina Teacher"),
        "other": make_user(s, role="teacher", name="Oleg Other"),
        "student": make_user(s, name="Sam Student"),
    }
    s.commit()
    return data


def _post(client, user, **body):
    payload = {"title": "Hello", "body": "Text", "tags": [], "is_published": True, **body}
    return client.post("/api/v1/posts", json=payload, headers=auth(user))


def test_list_filters_by_tag_and_words_and_hides_drafts(client, people):
    teacher = people["teacher"]
    first = _post(
        client,
        teacher,
        title="Учим Python",
        body="## Зачем\n\nPython — **простой** язык. " + "слово " * 80,
        tags=["Python", "начинающим"],
        cover_url="https://example.com/cover.png",
    )
    assert first.status_code == 201, first.text
    assert first.json()["slug"] == "uchim-python"
    assert _post(
        client, teacher, title="SQL joins", body="Joins explained", tags=["sql"]
    ).is_success
    assert _post(client, teacher, title="Draft", is_published=False).is_success

    listing = client.get("/api/v1/posts").json()
    assert listing["total"] == 2 and listing["page"] == 1 and listing["per_page"] == 20
    assert [item["title"] for item in listing["items"]] == ["SQL joins", "Учим Python"]
    item = listing["items"][1]
    assert set(item) == {
        "id", "slug", "title", "excerpt", "author", "tags", "cover_url", "published_at",
    }  # fmt: skip
    assert item["author"] == {"id": teacher.id, "full_name": "Tina Teacher"}
    assert item["tags"] == ["python", "начинающим"]
    assert item["excerpt"].startswith("Зачем Python — простой язык.")
    assert len(item["excerpt"]) <= 240 and "**" not in item["excerpt"]
    assert item["cover_url"] == "https://example.com/cover.png"

    by_tag = client.get("/api/v1/posts", params={"tag": "python"}).json()
    assert [i["title"] for i in by_tag["items"]] == ["Учим Python"]
    assert client.get("/api/v1/posts", params={"tag": "pyth"}).json()["total"] == 0
    by_word = client.get("/api/v1/posts", params={"q": "joins"}).json()
    assert [i["title"] for i in by_word["items"]] == ["SQL joins"]
    assert client.get("/api/v1/posts", params={"q": "простой"}).json()["total"] == 1
    paged = client.get("/api/v1/posts", params={"per_page": 1, "page": 2}).json()
    assert [i["title"] for i in paged["items"]] == ["Учим Python"] and paged["total"] == 2

    post = client.get("/api/v1/posts/uchim-python")
    assert post.status_code == 200
    assert post.json()["body"].startswith("## Зачем")
    assert client.get("/api/v1/posts/draft").status_code == 404
    # Its author sees the draft.
    assert client.get("/api/v1/posts/draft", headers=auth(teacher)).status_code == 200
    # A NUL byte (PostgreSQL refuses it in text) is a miss, not a 500.
    assert client.get("/api/v1/posts", params={"q": "a\x00b", "tag": "p\x00"}).status_code == 200
    assert client.get("/api/v1/posts/a%00b").status_code == 404


def test_who_may_write_edit_and_delete(client, people):
    assert _post(client, people["student"]).status_code == 403
    assert client.post("/api/v1/posts", json={"title": "x"}).status_code == 401
    created = _post(client, people["teacher"], title="Mine").json()
    path = f"/api/v1/posts/{created['id']}"

    stranger = client.patch(path, json={"title": "Taken"}, headers=auth(people["other"]))
    assert stranger.status_code == 403
    assert client.delete(path, headers=auth(people["other"])).status_code == 403

    renamed = client.patch(
        path, json={"title": "Mine, renamed", "tags": ["news"]}, headers=auth(people["teacher"])
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["title"] == "Mine, renamed" and renamed.json()["tags"] == ["news"]
    by_admin = client.patch(path, json={"is_published": False}, headers=auth(people["admin"]))
    assert by_admin.status_code == 200 and by_admin.json()["is_published"] is False

    bad = client.patch(path, json={"tags": ["a,b"]}, headers=auth(people["teacher"]))
    assert bad.status_code == 422 and bad.json()["field"] == "tags"
    bad = _post(client, people["teacher"], cover_url="javascript:alert(1)")
    assert bad.status_code == 422 and bad.json()["field"] == "cover_url"
    assert _post(client, people["teacher"], title="   ").status_code == 422

    assert client.delete(path, headers=auth(people["admin"])).status_code == 204
    assert client.get(f"/api/v1/posts/{created['slug']}").status_code == 404


def test_rss_is_a_valid_rss_2_document_of_the_latest_20_posts(client, people):
    for number in range(22):
        response = _post(
            client, people["teacher"], title=f"Post {number} <&>", tags=["news"], body="*Hi*"
        )
        assert response.status_code == 201
    _post(client, people["teacher"], title="Hidden draft", is_published=False)
    raw = '<img src=x onerror="alert(1)"> & *more*'
    assert _post(client, people["teacher"], title="Raw HTML", body=raw).status_code == 201

    response = client.get("/blog/rss.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss" and root.attrib["version"] == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") and channel.findtext("link").endswith("/blog")
    items = channel.findall("item")
    assert len(items) == 20
    titles = [item.findtext("title") for item in items]
    assert "Hidden draft" not in titles
    assert titles[:2] == ["Raw HTML", "Post 21 <&>"] and "Post 1 <&>" not in titles
    # A reader renders the description as HTML: the author's markup arrives as its text.
    assert items[0].findtext("description") == (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more"
    )
    first = items[1]
    assert first.findtext("link").endswith("/blog/post-21")
    assert first.findtext("guid") == first.findtext("link")
    assert first.findtext("description") == "Hi"
    assert first.findtext("category") == "news"
    assert first.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Tina Teacher"
    # RFC 822 dates, as RSS 2.0 requires.
    from email.utils import parsedate_to_datetime

    assert parsedate_to_datetime(first.findtext("pubDate")).tzinfo is not None
