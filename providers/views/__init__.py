"""Thin views for providers, one module per part: accounts, organisations, members, documents.

They bind forms with `core.pages.posted` and confirm with `core.forms.ConfirmForm`.
"""
