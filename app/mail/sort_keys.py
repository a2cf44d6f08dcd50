"""The keys the message list sorts by, computed once when a message is stored.

Stored in their own indexed columns so a folder can be paged in sender or subject order by
keyset, like the date order: no sorting at read time, however large the folder.
"""

from __future__ import annotations

import unicodedata

from app.mail.headers import normalize_subject


def sender_key(name: str, addr: str) -> str:
    """The display name, else the address; NFKC folds full-width letters, casefold case."""
    return unicodedata.normalize("NFKC", name.strip() or addr.strip()).casefold()


def subject_key(subject: str) -> str:
    """The subject without Re:/Fwd:/返信: markers or list tags, as threads compare it."""
    return normalize_subject(subject)
