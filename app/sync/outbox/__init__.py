"""The durable outbox: composed messages wait here until the server has them.

States: queued → sending → sent → copied, or failed (the user can retry). A message is
committed with its final bytes, Message-ID and envelope (synchronously, to disk) before any
network work; every later step is recorded as it completes, so a process killed at any
moment resumes from the last recorded state. The only possible duplicate is a message the
server accepted in the instant before "sent" was recorded; it is sent again with the same
Message-ID, which receiving clients use to recognise it.
"""
