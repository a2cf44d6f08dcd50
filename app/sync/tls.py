"""TLS contexts: verified by default, optionally trusting one extra CA file."""

from __future__ import annotations

import ssl

from app.errors import UsageError


def client_context(ca_file: str = "") -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if ca_file:
        try:
            context.load_verify_locations(cafile=ca_file)
        except (OSError, ssl.SSLError) as error:
            raise UsageError(
                f"Cannot use the CA file {ca_file}: {error}",
                f"CAファイル {ca_file} を使用できません: {error}",
            ) from error
    return context
