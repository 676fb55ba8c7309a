"""Who is calling: signed EdDSA access tokens (RFC 9068 style) and the actor they carry.

A token names the actor, its role, its organization and sector, the purposes it may
declare, and for subjects the credit file that is their own. ``aud``, ``iss``, ``exp``,
``typ`` and ``jti`` are all checked; a missing token means the anonymous public, which
may use the PUBLIC channel only.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from core.errors import CreditError

#: The JOSE ``typ`` of an access token (RFC 9068).
TOKEN_TYPE = "at+jwt"
ROLES = (
    "OPERATOR",  # 公共信用信息工作机构
    "COORDINATOR",  # 社会信用综合管理部门
    "SECTOR_AUTHORITY",  # 行业领域信用管理部门
    "PUBLIC_PROVIDER",  # 公共信用信息提供单位
    "MARKET_PROVIDER",  # 市场信用信息提供单位
    "GOVERNMENT_USER",  # 国家机关等使用单位
    "CREDIT_SERVICE_AGENCY",  # 社会信用服务机构
    "AUTHORIZED_PARTY",  # 获得信用主体授权的查询方
    "SUBJECT",  # 信用主体本人
    "AUDITOR",  # 审计
    "PUBLIC",  # 社会公众（匿名）
)


class AuthenticationError(CreditError):
    """The token is missing where needed, malformed, expired, or not ours."""

    code = "UNAUTHENTICATED"


@dataclass(frozen=True)
class Actor:
    """The caller, as its verified token describes it."""

    id: str
    role: str
    organization: str | None = None
    sector: str | None = None
    purposes: tuple[str, ...] = ()
    subject_key: str | None = None
    token_id: str | None = None

    @property
    def anonymous(self) -> bool:
        return self.role == "PUBLIC"


PUBLIC_ACTOR = Actor(id="anonymous", role="PUBLIC")


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The signing key, generated on first use (mode 0600)."""
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise CreditError(f"{path} does not hold an Ed25519 private key", code="CONFIGURATION")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.touch(mode=0o600)
    path.write_bytes(pem)
    return key


class RevokedTokens:
    """Token ids (``jti``) revoked before they expire: the file, one id per line (#
    comments allowed), followed as it changes. The file's modification time is looked at
    no more than once per ``recheck_s`` and the ids re-read when it changed, so a
    revocation takes effect within about a second, with no restart and whatever was
    cached."""

    def __init__(self, path: Path | None = None, recheck_s: float = 1.0) -> None:
        self.path = path
        self.recheck_s = recheck_s
        self._ids: frozenset[str] = frozenset()
        self._stamp: tuple[int, int] | None = None
        self._checked = float("-inf")
        self._refresh()

    def _refresh(self) -> None:
        self._checked = time.monotonic()
        if self.path is None:
            return
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._ids, self._stamp = frozenset(), None
            return
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp == self._stamp:
            return
        lines = self.path.read_text(encoding="utf-8").splitlines()
        self._ids = frozenset(x.split("#")[0].strip() for x in lines if x.split("#")[0].strip())
        self._stamp = stamp

    def __contains__(self, token_id: object) -> bool:
        if time.monotonic() - self._checked >= self.recheck_s:
            self._refresh()
        return token_id in self._ids


def read_revoked(path: Path) -> RevokedTokens:
    """The revoked token ids of ``path``, followed as the file changes."""
    return RevokedTokens(path)


@dataclass
class TokenService:
    """Issues and verifies access tokens with one Ed25519 key."""

    private_key: Ed25519PrivateKey
    issuer: str
    audience: str
    revoked: Container[str] = field(default_factory=RevokedTokens)
    leeway_s: int = 30
    # Verified tokens until they expire: an EdDSA verification costs ~0.8 ms of CPU, and
    # agencies send the same token with every request.
    _verified: dict[str, tuple[Actor, float]] = field(default_factory=dict, repr=False)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def issue(
        self,
        actor_id: str,
        role: str,
        *,
        organization: str | None = None,
        sector: str | None = None,
        purposes: Sequence[str] = (),
        subject_key: str | None = None,
        ttl_s: int = 3600,
    ) -> str:
        """A signed access token for an actor."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": actor_id,
            "iat": now,
            "nbf": now,
            "exp": now + ttl_s,
            "jti": uuid.uuid4().hex,
            "role": role,
            "org": organization,
            "sector": sector,
            "purposes": list(purposes),
            "subject": subject_key,
        }
        return jwt.encode(claims, self.private_key, algorithm="EdDSA", headers={"typ": TOKEN_TYPE})

    def verify(self, token: str) -> Actor:
        """The actor a token names; raises ``AuthenticationError`` saying why not."""
        cached = self._verified.get(token)
        if cached is not None:
            actor, expires = cached
            if time.time() < expires and actor.token_id not in self.revoked:
                return actor
            del self._verified[token]
        actor, expires = self._verify(token)
        if len(self._verified) >= 10_000:
            self._verified.clear()
        self._verified[token] = (actor, expires)
        return actor

    def _verify(self, token: str) -> tuple[Actor, float]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthenticationError(f"the access token is malformed: {exc}") from None
        if header.get("typ") != TOKEN_TYPE:
            raise AuthenticationError(f"the token's typ must be {TOKEN_TYPE!r}")
        try:
            claims = jwt.decode(
                token,
                self.public_key,
                algorithms=["EdDSA"],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway_s,
                options={"require": ["exp", "iss", "aud", "sub", "jti"]},
            )
        except jwt.ExpiredSignatureError:
            raise AuthenticationError("the access token has expired: get a new one") from None
        except jwt.PyJWTError as exc:
            raise AuthenticationError(f"the access token is not valid here: {exc}") from None
        if claims["jti"] in self.revoked:
            raise AuthenticationError("the access token was revoked")
        role = claims.get("role")
        if role not in ROLES or role == "PUBLIC":
            raise AuthenticationError(f"the token names an unknown role {role!r}")
        actor = Actor(
            id=str(claims["sub"]),
            role=role,
            organization=claims.get("org"),
            sector=claims.get("sector"),
            purposes=tuple(claims.get("purposes") or ()),
            subject_key=claims.get("subject"),
            token_id=str(claims["jti"]),
        )
        return actor, float(claims["exp"]) + self.leeway_s
