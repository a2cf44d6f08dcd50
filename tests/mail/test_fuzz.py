"""Tricky real-world shapes read as they should, and thousands of mutated messages go
through parsing, threading, indexing, search and `messages show` with no exception
escaping and no hang. `python -m bench.fuzz` runs the same mutators for longer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.mail.sanitize import render_message
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.services import mailbox
from bench.fuzz import MUTATORS, mutate, run_one, seeds
from tests.mail.builders import HANG_SECONDS

CORPUS = Path(__file__).parent / "corpus"
FUZZ_EXAMPLES = 2000

# name -> (text shown, attachments listed as (content type, file name))
EXPECTED = {
    "dsn-bounce.eml": ("550 5.1.1 User unknown",
                       [("message/delivery-status", ""), ("text/rfc822-headers", "")]),
    "calendar-invite.eml": ("見積もりの打ち合わせにご招待します",
                            [("text/calendar", ""), ("application/ics", "invite.ics")]),
    "forwarded-as-attachment.eml": ("See the message below.", [("message/rfc822", "")]),
    "tnef-winmail.eml": ("numbers attached", [("application/ms-tnef", "winmail.dat")]),
    "smime-signed.eml": ("order 1234 is confirmed",
                         [("application/pkcs7-signature", "smime.p7s")]),
    "smime-encrypted.eml": ("", [("application/pkcs7-mime", "smime.p7m")]),
    "pgp-signed.eml": ("Release 2.1 is out.", [("application/pgp-signature", "signature.asc")]),
    "pgp-encrypted.eml": ("", [("application/pgp-encrypted", ""),
                               ("application/octet-stream", "encrypted.asc")]),
    "mailsploit-iso2022.eml": ("お知らせ", []),
}


@pytest.fixture
def inbox(db):
    return ensure_folder(ensure_account("Work", "ken@example.jp"), "INBOX", "inbox")


def test_every_corpus_message_has_an_expectation() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.eml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_message_reads_as_it_should(inbox, name: str) -> None:
    text, attachments = EXPECTED[name]
    raw = (CORPUS / name).read_bytes()
    [message_id] = store_messages(inbox, [IncomingMessage(raw)])
    detail = mailbox.show_message(message_id)
    assert detail.parse_error is None
    assert text in detail.text
    # Signatures, encrypted bodies, TNEF, reports and invitations are listed as what they
    # are, never decoded into the text or rendered.
    assert [(a.content_type, a.filename) for a in detail.attachments] == attachments
    assert "BEGIN PGP" not in detail.text and "MIAGCSqG" not in detail.text
    assert "INNER-BODY-TEXT" not in detail.text + "".join(detail.html_parts)


def test_forwarded_message_keeps_its_inner_mail_out_of_the_reader() -> None:
    safe = render_message((CORPUS / "forwarded-as-attachment.eml").read_bytes())
    assert safe.html_parts == [] and "tracker.example" not in safe.text


def test_mailsploit_corpus_message_is_flagged(inbox) -> None:
    raw = (CORPUS / "mailsploit-iso2022.eml").read_bytes()
    [message_id] = store_messages(inbox, [IncomingMessage(raw)])
    kinds = {w.kind for w in mailbox.show_message(message_id).warnings}
    assert {"encoded-sender", "deceptive-link"} <= kinds


tried = 0


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(
    seed=st.integers(0, len(seeds()) - 1),
    steps=st.lists(st.tuples(st.integers(0, len(MUTATORS) - 1), st.integers(0, 2**32 - 1)),
                   min_size=1, max_size=5),
)
def test_mutated_messages_never_escape_or_hang(inbox, seed: int,
                                               steps: list[tuple[int, int]]) -> None:
    global tried
    tried += 1
    outcome = run_one(inbox, mutate(seeds()[seed], steps))
    assert outcome.escapes == []
    assert outcome.seconds < HANG_SECONDS


def test_fuzz_ran_its_examples() -> None:
    """Runs after the fuzz test in file order; the count goes to the report."""
    if tried == 0:
        pytest.skip("the fuzz test was not selected")
    print(f"\nfuzz: {tried} mutated messages tried, 0 escapes")
    assert tried >= FUZZ_EXAMPLES * 0.9
