"""Kizuna: an offline-first mail client with a CRM sidebar."""

__version__ = "0.1.0"
