from app.sync.pop3.listing import MAX_UIDL, header_digest, server_key, usable


def test_rfc_1939_uidls_are_used_as_they_are():
    assert usable(b"000000016b0492d2")
    assert usable(b"!" + b"~" * (MAX_UIDL - 1))
    assert server_key(b"AbC-12.x") == "AbC-12.x"


def test_unusable_uidls_become_a_stable_digest_with_a_space():
    for bad in (b"", b"x" * (MAX_UIDL + 1), b"a b", b"tab\there", "見".encode(), b"\x7f"):
        assert not usable(bad)
        key = server_key(bad)
        assert key == server_key(bad) and key.startswith("uidl-sha256 ")
    assert server_key(b"a b") != server_key(b"a  b")


def test_header_digest_is_the_same_from_top_and_from_retr():
    header = [b"From: a@example.jp", b"Subject: x", b""]
    body = [b"line one", b"", b"line three"]
    assert header_digest(header) == header_digest(header + body)
    assert header_digest(header) != header_digest([b"From: b@example.jp", b"Subject: x", b""])
    raw = b"\r\n".join(header + body) + b"\r\n"
    assert header_digest(raw.split(b"\r\n")) == header_digest(header)
