"""The outbox in the window: a controller that keeps it sending, and a window listing it."""
