"""Lying IMAP, POP3 and SMTP servers for the attacks a real Dovecot or aiosmtpd never makes.

Each server is an asyncio server on a loopback port, run on its own thread, speaking just
enough of its protocol for a client to reach the point under attack. A `Script` says what
the server lies about; `received` keeps every line a client sent, so a test can prove that
no password went out in plaintext. `make_pki` writes the certificates the TLS tests need.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CRLF = b"\r\n"
ENDLESS_CHUNK = b"A" * 65536
ENDLESS_LIMIT = 256 * 1024 * 1024


# --- certificates ----------------------------------------------------------------------


@dataclass(frozen=True)
class CertPair:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context


@dataclass(frozen=True)
class Pki:
    ca: Path  # the CA a user may choose to trust (an account's --ca-file)
    valid: CertPair  # localhost / 127.0.0.1, signed by the CA
    expired: CertPair  # the same names, signed by the CA, expired yesterday
    wrong_host: CertPair  # signed by the CA for other.example only
    self_signed: CertPair  # localhost / 127.0.0.1, its own issuer


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _write(directory: Path, stem: str, cert: x509.Certificate,
           key: ec.EllipticCurvePrivateKey) -> CertPair:
    pair = CertPair(directory / f"{stem}.pem", directory / f"{stem}.key")
    pair.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pair.key.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ))
    return pair


def _certificate(subject: str, names: list[x509.GeneralName], key: ec.EllipticCurvePrivateKey,
                 issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None,
                 *, ca: bool, days: tuple[int, int] = (-1, 30)) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    issuer_name, issuer_key = issuer or (_name(subject), key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + dt.timedelta(days=days[0]))
        .not_valid_after(now + dt.timedelta(days=days[1]))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, key_cert_sign=ca, crl_sign=ca, content_commitment=False,
            key_encipherment=False, data_encipherment=False, key_agreement=False,
            encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            issuer_key.public_key()), critical=False)
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def make_pki(directory: Path) -> Pki:
    directory.mkdir(parents=True, exist_ok=True)
    local = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = _certificate("Kizuna Test CA", [], ca_key, None, ca=True)
    ca = _write(directory, "ca", ca_cert, ca_key)
    issuer = (ca_cert.subject, ca_key)

    def leaf(stem: str, names: list[x509.GeneralName], **kwargs: object) -> CertPair:
        key = ec.generate_private_key(ec.SECP256R1())
        signer = None if stem == "self-signed" else issuer
        cert = _certificate("localhost", names, key, signer, **kwargs)  # type: ignore[arg-type]
        return _write(directory, stem, cert, key)

    return Pki(
        ca=ca.cert,
        valid=leaf("valid", local, ca=False),
        expired=leaf("expired", local, ca=False, days=(-60, -1)),
        wrong_host=leaf("wrong-host", [x509.DNSName("other.example")], ca=False),
        self_signed=leaf("self-signed", local, ca=True),
    )


# --- the server ------------------------------------------------------------------------


@dataclass
class Conversation:
    """One client connection as a script sees it."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    received: list[bytes]

    async def send(self, *lines: bytes) -> None:
        self.writer.write(b"".join(line + CRLF for line in lines))
        await self.writer.drain()

    async def line(self) -> bytes:
        data = await self.reader.readline()
        if not data:
            raise ConnectionResetError("client went away")
        self.received.append(data.rstrip(CRLF))
        return data.rstrip(CRLF)

    async def start_tls(self, context: ssl.SSLContext) -> None:
        await self.writer.start_tls(context)

    async def endless(self) -> None:
        """Bytes without a line break until the client hangs up (or ENDLESS_LIMIT, four
        times the largest line any client here accepts)."""
        for _ in range(ENDLESS_LIMIT // len(ENDLESS_CHUNK)):
            if self.writer.is_closing() or self.reader.at_eof():
                return
            self.writer.write(ENDLESS_CHUNK)
            await self.writer.drain()


Script = Callable[[Conversation], Awaitable[None]]


class HostileServer:
    """An asyncio server on 127.0.0.1 running `script` for each connection."""

    def __init__(self, script: Script, tls: ssl.SSLContext | None = None) -> None:
        self.script = script
        self.tls = tls
        self.received: list[bytes] = []
        self.port = 0
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="hostile-server")

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", 0, ssl=self.tls)
        )
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        for writer in self._writers:  # clients still connected see the server go away
            writer.transport.abort()
        server.close()
        self._loop.run_until_complete(server.wait_closed())
        self._loop.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        with contextlib.suppress(ConnectionError, ssl.SSLError, asyncio.IncompleteReadError,
                                 OSError):
            await self.script(Conversation(reader, writer, self.received))
        with contextlib.suppress(ConnectionError, ssl.SSLError, OSError):
            writer.close()

    def __enter__(self) -> HostileServer:
        self._thread.start()
        self._ready.wait()
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()

    def saw(self, word: bytes) -> bool:
        """Whether any client line contained `word` (case-insensitive)."""
        return any(word.upper() in line.upper() for line in self.received)


@contextlib.contextmanager
def hostile(script: Script, tls: ssl.SSLContext | None = None) -> Iterator[HostileServer]:
    with HostileServer(script, tls) as server:
        yield server


# --- IMAP ------------------------------------------------------------------------------


@dataclass
class ImapLies:
    """What an IMAP server says; the defaults are an honest STARTTLS server."""

    greeting: bytes = b"* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] hostile IMAP ready"
    capabilities: bytes = b"IMAP4rev1 STARTTLS LOGINDISABLED"
    starttls: bytes = b"OK Begin TLS negotiation now"  # the tagged reply, after the tag
    before_starttls_reply: list[bytes] = field(default_factory=list)  # untagged lines
    injected: bytes = b""  # plaintext sent right behind the STARTTLS reply
    tls: ssl.SSLContext | None = None  # what STARTTLS upgrades to
    tls_capabilities: bytes = b"IMAP4rev1 AUTH=PLAIN X-AFTER-TLS"
    login: bytes = b"OK [CAPABILITY IMAP4rev1 X-LOGGED-IN] logged in"
    list_lines: list[bytes] = field(
        default_factory=lambda: [b'* LIST (\\HasNoChildren) "/" INBOX']
    )
    endless_after_login: bool = False


def imap_script(lies: ImapLies) -> Script:
    async def script(talk: Conversation) -> None:
        await talk.send(lies.greeting)
        secure = False
        while True:
            tag, _, rest = (await talk.line()).partition(b" ")
            command = rest.split(b" ", 1)[0].upper()
            if command == b"CAPABILITY":
                caps = lies.tls_capabilities if secure else lies.capabilities
                await talk.send(b"* CAPABILITY " + caps, tag + b" OK done")
            elif command == b"STARTTLS":
                reply = b"".join(line + CRLF for line in lies.before_starttls_reply)
                reply += tag + b" " + lies.starttls + CRLF + lies.injected
                talk.writer.write(reply)
                await talk.writer.drain()
                if not lies.starttls.startswith(b"OK") or lies.tls is None:
                    continue
                await talk.start_tls(lies.tls)
                secure = True
            elif command in (b"LOGIN", b"AUTHENTICATE"):
                await talk.send(tag + b" " + lies.login)
                if lies.endless_after_login:
                    await talk.endless()
            elif command == b"LIST":
                await talk.send(*lies.list_lines, tag + b" OK listed")
            elif command == b"LOGOUT":
                await talk.send(b"* BYE hostile signing off", tag + b" OK bye")
                return
            else:
                await talk.send(tag + b" OK whatever")

    return script


async def endless_greeting(talk: Conversation) -> None:
    await talk.endless()


# --- POP3 ------------------------------------------------------------------------------


@dataclass
class Pop3Lies:
    greeting: bytes = b"+OK hostile POP3 ready"
    capa: list[bytes] = field(default_factory=lambda: [b"USER", b"STLS", b"UIDL"])
    stls: bytes = b"+OK Begin TLS"
    injected: bytes = b""
    tls: ssl.SSLContext | None = None


def pop3_script(lies: Pop3Lies) -> Script:
    async def script(talk: Conversation) -> None:
        await talk.send(lies.greeting)
        while True:
            command = (await talk.line()).split(b" ", 1)[0].upper()
            if command == b"CAPA":
                await talk.send(b"+OK capabilities", *lies.capa, b".")
            elif command == b"STLS":
                talk.writer.write(lies.stls + CRLF + lies.injected)
                await talk.writer.drain()
                if lies.stls.startswith(b"+OK") and lies.tls is not None:
                    await talk.start_tls(lies.tls)
            elif command == b"QUIT":
                await talk.send(b"+OK bye")
                return
            else:
                await talk.send(b"+OK")

    return script


# --- SMTP ------------------------------------------------------------------------------


@dataclass
class SmtpLies:
    greeting: bytes = b"220 hostile.example ESMTP ready"
    extensions: list[bytes] = field(default_factory=lambda: [b"STARTTLS", b"AUTH PLAIN LOGIN"])
    starttls: bytes = b"220 Go ahead"
    injected: bytes = b""
    tls: ssl.SSLContext | None = None
    tls_extensions: list[bytes] = field(default_factory=lambda: [b"AUTH PLAIN LOGIN"])


def smtp_script(lies: SmtpLies) -> Script:
    async def script(talk: Conversation) -> None:
        await talk.send(lies.greeting)
        secure = False
        while True:
            command = (await talk.line()).split(b" ", 1)[0].upper()
            if command in (b"EHLO", b"HELO"):
                extensions = lies.tls_extensions if secure else lies.extensions
                lines = [b"hostile.example", *extensions]
                await talk.send(*[b"250-" + x for x in lines[:-1]], b"250 " + lines[-1])
            elif command == b"STARTTLS":
                talk.writer.write(lies.starttls + CRLF + lies.injected)
                await talk.writer.drain()
                if lies.starttls.startswith(b"220") and lies.tls is not None:
                    await talk.start_tls(lies.tls)
                    secure = True
            elif command == b"AUTH":
                await talk.send(b"235 2.7.0 Authentication successful")
            elif command == b"QUIT":
                await talk.send(b"221 bye")
                return
            else:
                await talk.send(b"250 OK")

    return script
