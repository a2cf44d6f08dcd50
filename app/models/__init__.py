"""Peewee tables and the migration chain. No behaviour beyond storage lives here."""
