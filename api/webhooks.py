"""Signed webhook delivery of withdrawal notices (Art. 47).

A recipient registers one endpoint; each notice is POSTed to it as RFC 8785 canonical
JSON, signed with the platform's Ed25519 webhook key (kept apart from the token and audit
keys): ``Credit-Signature: <base64 signature of the exact body>`` and ``Credit-Key-Id``.
Recipients verify with the public key that ``webhookSigningKey`` publishes. Delivery runs
after the notice is committed; every attempt is recorded on the notice, and notices stay
readable (``myWithdrawalNotices``) and must be acknowledged whether or not a delivery
succeeded — the webhook is a push, not the record.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import urllib.error
import urllib.request
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.context import Services
from audit.canonical import canonical_bytes
from core.errors import CreditError
from graph import webhooks

#: Seconds one delivery may take before it is recorded as failed.
DELIVERY_TIMEOUT_S = 3.0
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class BadWebhook(CreditError):
    """The endpoint is not acceptable."""

    code = "BAD_WEBHOOK"


def check_url(url: str) -> str:
    """HTTPS endpoints only, except on the local machine (development and tests)."""
    parsed = urlparse(url)
    local = parsed.scheme == "http" and parsed.hostname in LOCAL_HOSTS
    if not (parsed.scheme == "https" or local) or not parsed.hostname:
        raise BadWebhook("a webhook is an https:// URL (http:// only on the local machine)")
    return url


def public_key_pem(key: Ed25519PrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def key_id(key: Ed25519PrivateKey) -> str:
    """First 16 hex digits of the SHA-256 of the raw public key."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def signed_request(
    key: Ed25519PrivateKey, url: str, notice: dict[str, Any]
) -> urllib.request.Request:
    """The POST of one notice: canonical body and its signature."""
    body = canonical_bytes({"type": "WITHDRAWAL_NOTICE", "notice": notice})
    signature = base64.b64encode(key.sign(body)).decode()
    headers = {
        "content-type": "application/json",
        "credit-signature": signature,
        "credit-key-id": key_id(key),
    }
    return urllib.request.Request(url, data=body, headers=headers, method="POST")


def _post(request: urllib.request.Request) -> str | None:
    try:
        with urllib.request.urlopen(request, timeout=DELIVERY_TIMEOUT_S) as response:
            status = int(response.status)
        return None if 200 <= status < 300 else f"HTTP {status}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return str(exc)[:200]


def _plain(notice: dict[str, Any]) -> dict[str, Any]:
    return {k: v.iso_format() if hasattr(v, "iso_format") else v for k, v in notice.items()}


async def deliver(services: Services, notice_ids: list[str]) -> int:
    """POST the pending notices among ``notice_ids`` to their recipients' endpoints and
    record each attempt. Returns how many were delivered."""
    if not notice_ids or services.webhook_key is None:
        return 0
    key = services.webhook_key
    targets = await services.read(lambda: webhooks.deliverable(notice_ids))
    results = []
    for target in targets:
        notice = _plain(target["notice"])
        error = await asyncio.to_thread(_post, signed_request(key, target["url"], notice))
        results.append({"id": notice["id"], "ok": error is None, "error": error})
    if results:
        at = datetime.now(UTC)
        await services.write(lambda: webhooks.record_deliveries(results, at))
    return sum(1 for r in results if r["ok"])
