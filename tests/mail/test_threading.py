from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.mail.threading import TreeInput, flatten, thread_tree
from app.models.mail import Message, Thread
from tests.mailfactory import make_message


def _store(folder, *raws):
    return store_messages(folder, [IncomingMessage(raw) for raw in raws])


def _thread_of(message_id: int) -> int:
    return Message.get_by_id(message_id).thread_id


def _inbox():
    account = ensure_account("Test", "ken@example.jp")
    return ensure_folder(account, "INBOX", "inbox")


def test_reply_joins_parent_thread(db):
    folder = _inbox()
    [parent] = _store(folder, make_message("Quote", message_id="a@x"))
    [reply] = _store(
        folder, make_message("Re: Quote", message_id="b@x", references=["a@x"], in_reply_to="a@x")
    )
    assert _thread_of(parent) == _thread_of(reply)
    assert Thread.get_by_id(_thread_of(parent)).message_count == 2


def test_reply_before_parent(db):
    folder = _inbox()
    [reply] = _store(folder, make_message("Re: Plan", message_id="c@x", in_reply_to="p@x"))
    [parent] = _store(folder, make_message("Plan", message_id="p@x"))
    assert _thread_of(reply) == _thread_of(parent)
    assert Thread.select().count() == 1


def test_missing_middle_message_still_threads(db):
    folder = _inbox()
    [first] = _store(folder, make_message("Deal", message_id="1@x"))
    # 2@x never arrives; 3@x references both.
    [third] = _store(folder, make_message("Re: Deal", message_id="3@x", references=["1@x", "2@x"]))
    [fourth] = _store(folder, make_message("Re: Deal", message_id="4@x", in_reply_to="2@x"))
    assert _thread_of(first) == _thread_of(third) == _thread_of(fourth)


def test_two_threads_merge_when_a_message_bridges_them(db):
    folder = _inbox()
    [a] = _store(folder, make_message("A", message_id="a1@x"))
    [b] = _store(folder, make_message("Re: A", message_id="b1@x", in_reply_to="missing@x"))
    assert _thread_of(a) != _thread_of(b)
    [bridge] = _store(
        folder, make_message("Re: A", message_id="c1@x", references=["a1@x", "missing@x"])
    )
    assert _thread_of(a) == _thread_of(b) == _thread_of(bridge)
    assert Thread.select().count() == 1
    assert Thread.get().message_count == 3


def test_reference_cycle_does_not_loop(db):
    folder = _inbox()
    ids = _store(
        folder,
        make_message("Loop", message_id="x@x", references=["y@x"], seq=1),
        make_message("Re: Loop", message_id="y@x", references=["x@x"], seq=2),
    )
    assert _thread_of(ids[0]) == _thread_of(ids[1])
    messages = [
        TreeInput(ids[0], "x@x", ("y@x",), 1),
        TreeInput(ids[1], "y@x", ("x@x",), 2),
    ]
    roots = thread_tree(messages)
    assert sorted(n.message for n in flatten(roots)) == sorted(ids)
    assert len(roots) == 1


def test_identical_subjects_in_unrelated_threads_stay_apart(db):
    folder = _inbox()
    [one] = _store(folder, make_message("Meeting", message_id="m1@x", seq=1))
    [two] = _store(folder, make_message("Meeting", message_id="m2@x", seq=2))
    assert _thread_of(one) != _thread_of(two)


def test_subject_fallback_only_for_replies_without_references(db):
    folder = _inbox()
    [original] = _store(folder, make_message("Invoice 42", message_id="i1@x", seq=1))
    [reply] = _store(folder, make_message("RE: Invoice 42", message_id="i2@x", seq=2))
    [japanese] = _store(folder, make_message("Re：Invoice 42", message_id="i3@x", seq=3))
    assert _thread_of(original) == _thread_of(reply) == _thread_of(japanese)


def test_same_message_in_two_folders_shares_the_thread(db):
    account = ensure_account("Test", "ken@example.jp")
    inbox = ensure_folder(account, "INBOX", "inbox")
    archive = ensure_folder(account, "Archive", "archive")
    raw = make_message("Copy", message_id="copy@x")
    [a] = _store(inbox, raw)
    [b] = _store(archive, raw)
    assert _thread_of(a) == _thread_of(b)


def test_tree_orders_children_under_parents():
    messages = [
        TreeInput(1, "r@x", (), 10),
        TreeInput(2, "a@x", ("r@x",), 20),
        TreeInput(3, "b@x", ("r@x",), 30),
        TreeInput(4, "c@x", ("r@x", "a@x"), 40),
        TreeInput(5, "d@x", ("r@x", "gone@x"), 50),  # parent missing: attach to the root
    ]
    order = [(n.message, n.depth) for n in flatten(thread_tree(messages))]
    assert order == [(1, 0), (2, 1), (4, 2), (3, 1), (5, 1)]
