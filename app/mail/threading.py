"""Conversation threads, assigned incrementally as each message is stored.

Grouping follows JWZ: a message joins the thread of any Message-ID it carries or references,
and threads that a message bridges are merged. Every referenced id is remembered (ThreadRef),
so a reply that arrives before its parent, or whose middle messages are missing, still lands
in the right thread. Because grouping is by set membership rather than parent pointers,
reference cycles cannot loop. The subject is used only for messages without any references,
and only when the subject marks a reply, so unrelated mails that share a subject stay apart.
The parent/child tree inside one thread is built on demand by `thread_tree`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from app.mail.headers import normalize_subject
from app.models.base import database_proxy

# A reply matched by subject alone must be this recent relative to the thread.
SUBJECT_WINDOW_SECONDS = 60 * 86400
_LOOKUP_BATCH = 500  # Message-IDs per IN (...) lookup
_REPLY_PREFIX = re.compile(r"^\s*(re|aw|sv|vs|antw|返信|答复)\s*(\[\d+\])?\s*[:：]", re.IGNORECASE)


def is_reply_subject(subject: str) -> bool:
    return bool(_REPLY_PREFIX.match(subject))


def _sql(query: str, params: Sequence[object] = ()) -> list[tuple]:
    # Plain SQL on the cursor: this runs for every stored message, where peewee's query
    # building and logging would cost more than SQLite itself.
    return database_proxy.cursor().execute(query, params).fetchall()


def _subject_candidate(account_id: int, base: str, date: int) -> int | None:
    rows = _sql(
        "SELECT id FROM thread WHERE account_id = ? AND subject = ? AND last_date >= ? "
        "ORDER BY last_date DESC LIMIT 1",
        (account_id, base, date - SUBJECT_WINDOW_SECONDS),
    )
    return rows[0][0] if rows else None


def _merge_into(target: int, others: list[int]) -> None:
    marks = ",".join("?" * len(others))
    [(count, last)] = _sql(
        f"SELECT SUM(message_count), MAX(last_date) FROM thread WHERE id IN ({marks})", others
    )
    _sql(f"UPDATE message SET thread_id = ? WHERE thread_id IN ({marks})", [target, *others])
    _sql(f"UPDATE thread_ref SET thread_id = ? WHERE thread_id IN ({marks})", [target, *others])
    _sql(f"DELETE FROM thread WHERE id IN ({marks})", others)
    _sql(
        "UPDATE thread SET message_count = message_count + ?, last_date = MAX(last_date, ?) "
        "WHERE id = ?",
        (count or 0, last or 0, target),
    )


class ThreadAssigner:
    """Threads for a batch of messages stored in one transaction, exactly as assign_thread
    would give them one by one, but with one lookup of all the batch's Message-IDs and
    References instead of queries per message.

    Each message must be stored right after its assign() (a later merge in the batch moves
    the rows already stored). New thread_ref rows and the thread counters are kept here and
    written by flush(); they are flushed first whenever SQL reads them (a merge, a subject
    match), so every decision sees what the one-by-one algorithm would see.
    """

    def __init__(self, account_id: int, message_ids: Iterable[str]) -> None:
        self.account_id = account_id
        self.refs: dict[str, int] = {}  # Message-ID -> its thread, as of now
        wanted = list(dict.fromkeys(i for i in message_ids if i))
        for start in range(0, len(wanted), _LOOKUP_BATCH):
            part = wanted[start:start + _LOOKUP_BATCH]
            self.refs.update(_sql(
                f"SELECT message_id, thread_id FROM thread_ref "
                f"WHERE account_id = ? AND message_id IN ({','.join('?' * len(part))})",
                [account_id, *part],
            ))
        self.new_refs: list[str] = []  # not yet in thread_ref; their thread is in self.refs
        self.bumps: dict[int, tuple[int, int]] = {}  # thread -> (messages added, newest date)

    def assign(
        self,
        message_id: str | None,
        references: Sequence[str],
        subject: str,
        date: int,
        base: str | None = None,
    ) -> int:
        """The message's thread; `base` is normalize_subject(subject) when known already."""
        ids = list(dict.fromkeys(i for i in [message_id, *references] if i))
        known = [i for i in ids if i in self.refs]
        threads = {self.refs[i] for i in known}
        if base is None:
            base = normalize_subject(subject)
        if not threads and not references and is_reply_subject(subject) and base:
            self._flush_bumps()
            candidate = _subject_candidate(self.account_id, base, date)
            if candidate is not None:
                threads.add(candidate)
        if threads:
            target = min(threads)
            if len(threads) > 1:
                self._merge(target, sorted(threads - {target}))
            added, newest = self.bumps.get(target, (0, date))
            self.bumps[target] = (added + 1, max(newest, date))
        else:
            target = database_proxy.cursor().execute(
                "INSERT INTO thread (account_id, subject, last_date, message_count) "
                "VALUES (?, ?, ?, 1)",
                (self.account_id, base, date),
            ).lastrowid
        for mid in ids:
            if mid not in self.refs:
                self.refs[mid] = target
                self.new_refs.append(mid)
        return target

    def flush(self) -> None:
        self._flush_bumps()
        database_proxy.cursor().executemany(
            "INSERT OR IGNORE INTO thread_ref (account_id, message_id, thread_id) "
            "VALUES (?, ?, ?)",
            [(self.account_id, mid, self.refs[mid]) for mid in self.new_refs],
        )
        self.new_refs = []

    def _flush_bumps(self) -> None:
        if self.bumps:
            database_proxy.cursor().executemany(
                "UPDATE thread SET message_count = message_count + ?, "
                "last_date = MAX(last_date, ?) WHERE id = ?",
                [(added, newest, thread) for thread, (added, newest) in self.bumps.items()],
            )
            self.bumps = {}

    def _merge(self, target: int, others: list[int]) -> None:
        self._flush_bumps()
        _merge_into(target, others)
        gone = set(others)
        for mid, thread in self.refs.items():
            if thread in gone:
                self.refs[mid] = target


def assign_thread(
    account_id: int,
    message_id: str | None,
    references: Sequence[str],
    subject: str,
    date: int,
) -> int:
    """Return the thread id for a message being stored (call inside its transaction)."""
    assigner = ThreadAssigner(account_id, [message_id or "", *references])
    thread = assigner.assign(message_id, references, subject, date)
    assigner.flush()
    return thread


@dataclass
class TreeNode:
    """One message in a thread's tree, in display order with its depth."""

    message: int
    depth: int
    children: list[TreeNode] = field(default_factory=list)


@dataclass(frozen=True)
class TreeInput:
    id: int
    message_id: str | None
    references: tuple[str, ...]  # oldest first, In-Reply-To last
    date: int


def thread_tree(messages: Sequence[TreeInput]) -> list[TreeNode]:
    """Order one thread's messages as a tree (JWZ parent links, cycles broken, by date).

    The parent of a message is the nearest of its references that is present in the thread;
    a link that would make a message its own ancestor is dropped.
    """
    # With duplicate Message-IDs (the same mail in two folders) the oldest copy is the parent.
    by_mid: dict[str, TreeInput] = {}
    for m in sorted(messages, key=lambda m: (m.date, m.id)):
        if m.message_id:
            by_mid.setdefault(m.message_id, m)
    parent: dict[int, int | None] = {}
    for m in messages:
        parent[m.id] = None
        for ref in reversed(m.references):
            candidate = by_mid.get(ref)
            if candidate is None or candidate.id == m.id:
                continue
            if not _would_cycle(parent, m.id, candidate.id):
                parent[m.id] = candidate.id
                break
    nodes = {m.id: TreeNode(m.id, 0) for m in messages}
    order = {m.id: (m.date, m.id) for m in messages}
    roots: list[TreeNode] = []
    for m in sorted(messages, key=lambda m: order[m.id]):
        p = parent[m.id]
        (nodes[p].children if p is not None else roots).append(nodes[m.id])
    _set_depths(roots, 0)
    return roots


def _would_cycle(parent: dict[int, int | None], child: int, new_parent: int) -> bool:
    seen = set()
    node: int | None = new_parent
    while node is not None and node not in seen:
        if node == child:
            return True
        seen.add(node)
        node = parent.get(node)
    return False


def _set_depths(nodes: list[TreeNode], depth: int) -> None:
    for node in nodes:
        node.depth = depth
        _set_depths(node.children, depth + 1)


def flatten(roots: list[TreeNode]) -> list[TreeNode]:
    out: list[TreeNode] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out
