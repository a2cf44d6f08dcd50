"""POP3: session (TLS rules, login), listing (UIDL keys), history (what was stored),
download, retention, and the account pass that joins them."""
