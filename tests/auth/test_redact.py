"""Secrets, tokens and personal values are masked in text shown to a person."""

from __future__ import annotations

from urllib.parse import quote_plus

from leadharness.auth.redact import MASK, redact, redact_personal

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGk6Ly94In0.c2lnbmF0dXJl"


def test_the_secret_is_masked_plain_and_url_encoded():
    secret = "s3cr3t/with+chars="
    text = f"client_secret={quote_plus(secret)} or {secret}"
    masked = redact(text, secret)
    assert secret not in masked and quote_plus(secret) not in masked
    assert masked.count(MASK) == 2


def test_jwts_and_bearer_values_are_masked():
    masked = redact(f"Authorization: Bearer {JWT}; token {JWT}")
    assert "eyJ" not in masked
    assert redact("Bearer opaque-token-value-123") == f"Bearer {MASK}"


def test_personal_values_are_masked_but_ids_are_kept():
    text = (
        "ssn '123456789', 123-45-6789, dob 1970-01-26, phone 8166999999, "
        "email john.doe1-1@gmail.com; lead 3cd83746-8f87-4878-bc62-3f9389575753, "
        "partner 69-1060-1111, at 2026-12-03T13:12:35"
    )
    masked = redact_personal(text)
    for personal in ("123456789", "123-45-6789", "1970-01-26", "8166999999", "gmail"):
        assert personal not in masked
    for kept in ("3cd83746-8f87-4878-bc62-3f9389575753", "69-1060-1111", "2026-12-03T"):
        assert kept in masked
