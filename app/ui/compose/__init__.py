"""Writing mail: the compose window, its address fields and attachments, drafts, undo send."""
