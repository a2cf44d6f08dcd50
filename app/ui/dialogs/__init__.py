"""Dialogs: account wizard and settings, folder picker."""
