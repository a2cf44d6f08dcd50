"""Kizuna against servers that lie: each attack is refused or aborted with a clear error,
no password leaves in plaintext, and nothing said before TLS is used after it."""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path

import pytest

from app.errors import NetworkError
from app.sync.errors import StartTlsUnavailable, TlsError
from app.sync.imap.connect import (
    MAX_LINE,
    ImapEndpoint,
    ProtocolViolation,
    connect,
)
from tests.integration.hostile_servers import (
    ImapLies,
    Pki,
    Pop3Lies,
    SmtpLies,
    endless_greeting,
    hostile,
    imap_script,
    make_pki,
    pop3_script,
    smtp_script,
)

pytestmark = pytest.mark.integration

PASSWORD = "hunter2-never-in-plaintext"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


def _imap(port: int, security: str = "starttls", ca_file: Path | str = "",
          host: str = "127.0.0.1") -> ImapEndpoint:
    return ImapEndpoint(host, port, security, "ken", ca_file=str(ca_file))


def _refused_without_password(server, error: BaseException) -> None:
    assert not server.saw(b"LOGIN") and not server.saw(PASSWORD.encode())
    assert error.english and error.japanese  # type: ignore[attr-defined]


# --- IMAP: STARTTLS -------------------------------------------------------------------


def test_imap_starttls_not_offered(pki: Pki) -> None:
    lies = ImapLies(greeting=b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] no TLS here",
                    capabilities=b"IMAP4rev1 AUTH=PLAIN")
    with hostile(imap_script(lies)) as server, pytest.raises(StartTlsUnavailable) as error:
        connect(_imap(server.port, ca_file=pki.ca), PASSWORD)
    _refused_without_password(server, error.value)
    assert "STARTTLS" in error.value.english


@pytest.mark.parametrize("reply", [b"NO [UNAVAILABLE] not today", b"BAD what?"])
def test_imap_starttls_refused(pki: Pki, reply: bytes) -> None:
    with (
        hostile(imap_script(ImapLies(starttls=reply))) as server,
        pytest.raises(StartTlsUnavailable) as error,
    ):
        connect(_imap(server.port, ca_file=pki.ca), PASSWORD)
    _refused_without_password(server, error.value)


def test_imap_preauth_greeting_on_a_starttls_connection(pki: Pki) -> None:
    lies = ImapLies(greeting=b"* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] welcome back")
    with hostile(imap_script(lies)) as server, pytest.raises(TlsError) as error:
        connect(_imap(server.port, ca_file=pki.ca), PASSWORD)
    _refused_without_password(server, error.value)
    assert "PREAUTH" in error.value.english
    assert not server.saw(b"STARTTLS")


def test_imap_response_injected_after_starttls_ok(pki: Pki) -> None:
    """Plaintext queued behind the OK would be read as the first encrypted responses."""
    injected = b"* CAPABILITY IMAP4rev1 AUTH=PLAIN X-INJECTED\r\n"
    lies = ImapLies(injected=injected, tls=pki.valid.server_context())
    with hostile(imap_script(lies)) as server, pytest.raises(TlsError) as error:
        connect(_imap(server.port, ca_file=pki.ca), PASSWORD)
    _refused_without_password(server, error.value)
    assert "before encryption" in error.value.english


def test_imap_nothing_from_before_tls_survives(pki: Pki) -> None:
    """An [ALERT] and capabilities sent in plaintext are dropped; the TLS session's stay."""
    lies = ImapLies(
        greeting=b"* OK [ALERT] Your mailbox is locked: visit http://evil.example/unlock",
        before_starttls_reply=[b"* CAPABILITY IMAP4rev1 AUTH=PLAIN X-INJECTED",
                               b"* OK [ALERT] Pre-TLS: call +1-555-0100 now"],
        tls=pki.valid.server_context(),
        login=b"OK [ALERT] Maintenance tonight (sent over TLS)",
    )
    with hostile(imap_script(lies)) as server:
        client = connect(_imap(server.port, ca_file=pki.ca), PASSWORD)
        responses = client._imap.untagged_responses
        assert responses.get("ALERT") == [b""]  # one: the login reply's, sent over TLS
        everything = repr(responses) + repr(client.welcome)
        assert "evil.example" not in everything and "Pre-TLS" not in everything
        assert b"X-INJECTED" not in client.capabilities()
        client.shutdown()


def test_imap_starttls_then_a_bad_certificate(pki: Pki) -> None:
    lies = ImapLies(tls=pki.expired.server_context())
    with hostile(imap_script(lies)) as server, pytest.raises(TlsError) as error:
        connect(_imap(server.port, ca_file=pki.ca), PASSWORD)
    _refused_without_password(server, error.value)
    assert "expired" in error.value.english


# --- IMAP: responses that would exhaust memory ----------------------------------------


@pytest.mark.parametrize("size", [3 * 10**9, 10**12, 10**30])
def test_imap_huge_literal_in_the_greeting(size: int) -> None:
    lies = ImapLies(greeting=b"* OK {%d}" % size)
    with hostile(imap_script(lies)) as server, pytest.raises(ProtocolViolation) as error:
        connect(_imap(server.port, security="none"), PASSWORD)
    assert f"{size:,}" in error.value.english and "MiB" in error.value.english
    assert "バイト" in error.value.japanese


def test_imap_huge_literal_after_login(pki: Pki) -> None:
    lies = ImapLies(tls=pki.valid.server_context(),
                    list_lines=[b'* LIST (\\HasNoChildren) "/" {5000000000}'])
    with hostile(imap_script(lies)) as server:
        client = connect(_imap(server.port, ca_file=pki.ca), PASSWORD)
        with pytest.raises(ProtocolViolation) as error:
            client.list_folders()
    assert "5,000,000,000" in error.value.english


def test_imap_endless_greeting_line() -> None:
    with hostile(endless_greeting) as server, pytest.raises(ProtocolViolation) as error:
        connect(_imap(server.port, security="none"), PASSWORD)
    assert f"{MAX_LINE + 1:,}" in error.value.english


def test_imap_endless_line_after_login(pki: Pki) -> None:
    lies = ImapLies(tls=pki.valid.server_context(), endless_after_login=True)
    with hostile(imap_script(lies)) as server:
        client = connect(_imap(server.port, ca_file=pki.ca), PASSWORD)
        with pytest.raises(ProtocolViolation) as error:
            client.list_folders()
    assert "line" in error.value.english


def test_imap_connection_cut_mid_line_says_so_briefly() -> None:
    async def cut(talk) -> None:
        talk.writer.write(b"* OK " + b"x" * 500_000)
        await talk.writer.drain()

    with hostile(cut) as server, pytest.raises(ProtocolViolation) as error:
        connect(_imap(server.port, security="none"), PASSWORD)
    assert len(error.value.english) < 200


# --- IMAP: certificates on implicit TLS -----------------------------------------------


def _imaps(pki: Pki, pair_name: str, ca_file: Path | str, host: str = "127.0.0.1"):
    pair = getattr(pki, pair_name)
    with hostile(imap_script(ImapLies()), tls=pair.server_context()) as server:
        return connect(_imap(server.port, "ssl", ca_file, host), PASSWORD)


def test_imaps_valid_certificate_from_the_trusted_ca(pki: Pki) -> None:
    _imaps(pki, "valid", pki.ca).shutdown()


@pytest.mark.parametrize(
    ("pair", "trusted", "reason"),
    [
        ("expired", "ca", "expired"),
        ("wrong_host", "ca", "127.0.0.1"),
        ("self_signed", "", "self-signed"),
        ("valid", "", "local issuer"),  # our CA is not in the system store
    ],
)
def test_imaps_bad_certificates_are_refused(pki: Pki, pair: str, trusted: str,
                                             reason: str) -> None:
    with pytest.raises(TlsError) as error:
        _imaps(pki, pair, pki.ca if trusted else "")
    assert "certificate" in error.value.english and reason in error.value.english
    assert "証明書" in error.value.japanese


def test_imaps_self_signed_accepted_only_when_the_user_trusts_it(pki: Pki) -> None:
    _imaps(pki, "self_signed", pki.self_signed.cert).shutdown()
    with pytest.raises(TlsError):
        _imaps(pki, "self_signed", pki.ca)  # trusting another CA is not trusting this one


def test_imaps_wrong_host_by_name(pki: Pki, monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):  # DNS says mail.example.jp is this machine
        return real("127.0.0.1" if host == "mail.example.jp" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(TlsError) as error:
        _imaps(pki, "valid", pki.ca, host="mail.example.jp")
    assert "mail.example.jp" in error.value.english


def test_imaps_preauth_is_a_session_without_login(pki: Pki) -> None:
    lies = ImapLies(greeting=b"* PREAUTH [CAPABILITY IMAP4rev1] known by certificate")
    with hostile(imap_script(lies), tls=pki.valid.server_context()) as server:
        client = connect(_imap(server.port, "ssl", pki.ca), PASSWORD)
        assert [f[2] for f in client.list_folders()] == ["INBOX"]
        client.shutdown()
    assert not server.saw(b"LOGIN")


def test_password_never_reaches_the_logs(pki: Pki, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    lies = ImapLies(tls=pki.valid.server_context(),
                    tls_capabilities=b"IMAP4rev1 AUTH=PLAIN")
    with hostile(imap_script(lies)) as server:
        connect(_imap(server.port, ca_file=pki.ca), PASSWORD).shutdown()
    assert server.saw(PASSWORD.encode())  # it did log in, over TLS
    assert caplog.records and PASSWORD not in caplog.text


# --- POP3 ------------------------------------------------------------------------------

pop3 = pytest.importorskip("app.sync.pop3.session")


def _pop3(port: int, security: str = "starttls", ca_file: Path | str = "") -> object:
    return pop3.Pop3Endpoint("127.0.0.1", port, security, "ken", ca_file=str(ca_file),
                             allow_insecure=security == "none")


def test_pop3_stls_not_offered(pki: Pki) -> None:
    with (
        hostile(pop3_script(Pop3Lies(capa=[b"USER", b"UIDL"]))) as server,
        pytest.raises(StartTlsUnavailable) as error,
    ):
        pop3.connect(_pop3(server.port, ca_file=pki.ca), PASSWORD)
    assert not server.saw(b"USER") and not server.saw(PASSWORD.encode())
    assert "STARTTLS" in error.value.english


def test_pop3_stls_refused(pki: Pki) -> None:
    with (
        hostile(pop3_script(Pop3Lies(stls=b"-ERR not now"))) as server,
        pytest.raises(StartTlsUnavailable),
    ):
        pop3.connect(_pop3(server.port, ca_file=pki.ca), PASSWORD)
    assert not server.saw(b"USER") and not server.saw(PASSWORD.encode())


def test_pop3_injected_reply_after_stls_is_never_used(pki: Pki) -> None:
    """Had the client read it, USER would fail with [IN-USE]; it must log in over TLS."""
    lies = Pop3Lies(injected=b"-ERR [IN-USE] injected before TLS\r\n",
                    tls=pki.valid.server_context())
    with hostile(pop3_script(lies)) as server:
        try:
            client = pop3.connect(_pop3(server.port, ca_file=pki.ca), PASSWORD)
        except TlsError:
            return  # refusing outright is just as good
        client.close()
    assert server.saw(PASSWORD.encode())  # logged in, so the injected -ERR was not read


def test_pop3_endless_line() -> None:
    with hostile(endless_greeting) as server, pytest.raises(NetworkError) as error:
        pop3.connect(_pop3(server.port, security="none"), PASSWORD)
    assert len(error.value.english) < 300


def test_pop3s_expired_certificate(pki: Pki) -> None:
    with (
        hostile(pop3_script(Pop3Lies()), tls=pki.expired.server_context()) as server,
        pytest.raises(TlsError) as error,
    ):
        pop3.connect(_pop3(server.port, "ssl", pki.ca), PASSWORD)
    assert "expired" in error.value.english


# --- SMTP ------------------------------------------------------------------------------

smtp = pytest.importorskip("app.sync.smtp")


def _smtp_connect(port: int, security: str = "starttls", ca_file: Path | str = ""):
    endpoint = smtp.SmtpEndpoint("127.0.0.1", port, security, "ken", ca_file=str(ca_file),
                                 allow_insecure=security == "none")

    async def attempt():
        client = await smtp.connect(endpoint, PASSWORD)
        await smtp.quit_quietly(client)

    asyncio.run(attempt())


def test_smtp_starttls_not_offered(pki: Pki) -> None:
    with (
        hostile(smtp_script(SmtpLies(extensions=[b"AUTH PLAIN LOGIN"]))) as server,
        pytest.raises(StartTlsUnavailable),
    ):
        _smtp_connect(server.port, ca_file=pki.ca)
    assert not server.saw(b"AUTH")


def test_smtp_starttls_refused(pki: Pki) -> None:
    with (
        hostile(smtp_script(SmtpLies(starttls=b"454 4.7.0 TLS not available"))) as server,
        pytest.raises(StartTlsUnavailable),
    ):
        _smtp_connect(server.port, ca_file=pki.ca)
    assert not server.saw(b"AUTH")


def test_smtp_injected_reply_after_starttls_is_never_used(pki: Pki) -> None:
    """Had the client read it, the EHLO after TLS would see no AUTH and a bogus 250."""
    lies = SmtpLies(injected=b"250-hostile.example\r\n250 X-INJECTED\r\n",
                    tls=pki.valid.server_context())
    with hostile(smtp_script(lies)) as server:
        try:
            _smtp_connect(server.port, ca_file=pki.ca)
        except NetworkError:
            assert not server.saw(PASSWORD.encode()) and not server.saw(b"AUTH")
            return
    assert server.saw(b"AUTH")  # logged in over TLS: the injected reply was not read


def test_smtp_endless_line() -> None:
    with hostile(endless_greeting) as server, pytest.raises(NetworkError) as error:
        _smtp_connect(server.port, security="none")
    assert len(error.value.english) < 300


def test_smtps_expired_certificate(pki: Pki) -> None:
    with (
        hostile(smtp_script(SmtpLies()), tls=pki.expired.server_context()) as server,
        pytest.raises(TlsError) as error,
    ):
        _smtp_connect(server.port, "ssl", pki.ca)
    assert "expired" in error.value.english
