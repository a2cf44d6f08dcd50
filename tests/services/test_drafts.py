"""Local drafts: saved, updated, listed, reopened, discarded, and gone once sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import NotFound
from app.mail.compose import HeaderInjection
from app.models.drafts import DRAFT_TABLES, DraftAttachment
from app.services import compose, drafts, outbox
from app.services.compose import DATA, DRAFT
from tests.services.test_compose import Work, make_work, stored


@pytest.fixture
def work(db) -> Work:
    return make_work()


def test_schema_matches_the_models(db) -> None:
    for model in DRAFT_TABLES:
        columns = {c.name for c in db.get_columns(model._meta.table_name)}
        assert columns == {f.column_name for f in model._meta.sorted_fields}


def test_save_then_update_in_place(work: Work) -> None:
    data = compose.start_reply(work.quote, "all")
    saved = drafts.save_draft(data)
    assert saved.draft_id is not None
    saved.text = "ありがとうございます。" + saved.text
    saved.bcc = ["boss@example.jp"]
    again = drafts.save_draft(saved)
    assert again.draft_id == saved.draft_id
    [listed] = drafts.list_drafts()
    assert (listed.id, listed.subject, listed.open) == (saved.draft_id, "Re: お見積もりのご依頼",
                                                        True)
    assert listed.to == ["山田 太郎 <yamada@sample.co.jp>"]
    assert listed.snippet.startswith("ありがとうございます。")
    loaded = drafts.load_draft(saved.draft_id)
    assert loaded == again
    assert (loaded.mode, loaded.source_id, loaded.in_reply_to) == ("all", work.quote,
                                                                   "q1@sample.co.jp")
    assert loaded.references == ["root@sample.co.jp", "q1@sample.co.jp"]


def test_attachments_are_copied_once_and_follow_removals(work: Work, tmp_path: Path) -> None:
    file = tmp_path / "資料.pdf"
    file.write_bytes(b"%PDF-1.4 data")
    data = compose.start_reply(work.quote, "forward")  # carries 仕様書.pdf
    data.attachments.append(compose.attach_file(file))
    saved = drafts.save_draft(data)
    assert [(a.filename, a.source, a.size) for a in saved.attachments] == [
        ("仕様書.pdf", DRAFT, 13), ("資料.pdf", DRAFT, 13)]
    file.unlink()  # the draft keeps its own copy
    first_ids = [a.stored_id for a in saved.attachments]
    saved = drafts.save_draft(saved)
    assert [a.stored_id for a in saved.attachments] == first_ids  # not written again
    saved.attachments = saved.attachments[1:]
    saved = drafts.save_draft(saved)
    assert DraftAttachment.select().count() == 1
    loaded = drafts.load_draft(saved.draft_id)
    assert [a.filename for a in loaded.attachments] == ["資料.pdf"]
    assert compose.payload(loaded.attachments[0]) == b"%PDF-1.4 data"


def test_sending_a_draft_removes_it_with_the_queueing(work: Work) -> None:
    data = compose.start_reply(work.quote, "reply")
    data.attachments = [compose.AttachmentRef("memo.txt", 4, DATA, data=b"memo")]
    saved = drafts.save_draft(data)
    entry_id = compose.send(drafts.load_draft(saved.draft_id))
    assert drafts.list_drafts() == [] and DraftAttachment.select().count() == 0
    message = stored(entry_id)
    assert [a.get_payload(decode=True) for a in message.iter_attachments()] == [b"memo"]


def test_a_refused_send_keeps_the_draft(work: Work) -> None:
    data = compose.start_new()
    data.to = ["yamada@sample.co.jp"]
    data.subject = "bad\nsubject"
    saved = drafts.save_draft(data)
    with pytest.raises(HeaderInjection):
        compose.send(saved)
    assert [d.id for d in drafts.list_drafts()] == [saved.draft_id]
    assert outbox.list_outbox() == []


def test_open_drafts_for_recovery_and_discard(work: Work) -> None:
    kept = drafts.save_draft(compose.start_new())
    closed = drafts.save_draft(compose.start_reply(work.quote, "reply"))
    drafts.close_draft(closed.draft_id)
    assert [d.id for d in drafts.list_drafts(open_only=True)] == [kept.draft_id]
    assert {d.id for d in drafts.list_drafts()} == {kept.draft_id, closed.draft_id}
    drafts.discard_draft(kept.draft_id)
    with pytest.raises(NotFound):
        drafts.load_draft(kept.draft_id)
    drafts.discard_draft(kept.draft_id)  # twice is harmless


def test_a_discarded_draft_id_is_never_reused(work: Work) -> None:
    saved = drafts.save_draft(compose.start_new())
    drafts.discard_draft(saved.draft_id)
    again = drafts.save_draft(saved)
    assert again.draft_id != saved.draft_id
    assert [d.id for d in drafts.list_drafts()] == [again.draft_id]
