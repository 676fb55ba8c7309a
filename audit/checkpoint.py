"""Signed checkpoints: the log operator's commitment to one tree size and root.

A checkpoint is what a subject or an auditor keeps: later, an inclusion proof shows an
entry is under its root, and a consistency proof shows a newer checkpoint extends it,
so a rewritten or truncated log cannot be passed off as the one that was signed. The
signed message is the RFC 8785 canonical JSON of ``{origin, size, root, timestamp}``
(root in hex), so any JCS implementation can rebuild it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit.canonical import canonical_bytes, iso_utc
from core.errors import ConfigurationError


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 signing key in ``path`` (PKCS#8 PEM), generated on first use.

    A new key is written to a private temporary file (mode 0600 from the start, never
    readable by others even for a moment) and then hard-linked into place, which fails
    if the file exists: two processes starting together end up sharing one complete key.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
            os.link(tmp, path)
            return key
        except FileExistsError:
            pass  # another process won the race: use its key
        finally:
            os.unlink(tmp)
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise ConfigurationError(
            f"the audit signing key {path} is not an unencrypted PEM private key ({exc}): "
            "restore it from backup, or move it away to have a new key generated"
        ) from exc
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ConfigurationError(
            f"the audit signing key {path} is a {type(loaded).__name__}, not Ed25519"
        )
    return loaded


def key_id(public_key: Ed25519PublicKey) -> str:
    """First 16 hex digits of SHA-256 of the raw public key: names the key in a checkpoint."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class Checkpoint:
    """A signed (origin, size, root, timestamp); ``timestamp`` is ISO-8601 UTC."""

    origin: str
    size: int
    root: bytes
    timestamp: str
    signature: bytes
    key_id: str

    def message(self) -> bytes:
        """The bytes the signature is over."""
        return checkpoint_message(self.origin, self.size, self.root, self.timestamp)


def checkpoint_message(origin: str, size: int, root: bytes, timestamp: str) -> bytes:
    """The canonical JSON that is signed: ``{origin, root (hex), size, timestamp}``."""
    return canonical_bytes(
        {"origin": origin, "size": size, "root": root.hex(), "timestamp": timestamp}
    )


def sign_checkpoint(
    key: Ed25519PrivateKey, origin: str, size: int, root: bytes, timestamp: str | datetime
) -> Checkpoint:
    """Sign the log's state; a datetime ``timestamp`` is written as ISO-8601 UTC."""
    stamp = iso_utc(timestamp) if isinstance(timestamp, datetime) else timestamp
    signature = key.sign(checkpoint_message(origin, size, root, stamp))
    return Checkpoint(origin, size, root, stamp, signature, key_id(key.public_key()))


def verify_checkpoint(public_key: Ed25519PublicKey, cp: Checkpoint) -> bool:
    """Whether ``cp`` was signed by ``public_key`` and not changed since."""
    if cp.key_id != key_id(public_key):
        return False
    try:
        public_key.verify(cp.signature, cp.message())
    except InvalidSignature:
        return False
    return True
