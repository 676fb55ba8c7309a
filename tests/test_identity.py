"""Access tokens: aud, iss, exp, typ and jti are all checked (Art. 26)."""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.identity import AuthenticationError, TokenService, read_revoked


@pytest.fixture
def service() -> TokenService:
    return TokenService(Ed25519PrivateKey.generate(), "iss-a", "aud-a")


def _claims(service: TokenService, token: str) -> dict[str, object]:
    return dict(jwt.decode(token, service.public_key, algorithms=["EdDSA"], audience="aud-a"))


def test_roundtrip(service: TokenService) -> None:
    actor = service.verify(
        service.issue("a1", "GOVERNMENT_USER", sector="HOUSING", purposes=["SUPERVISION"])
    )
    assert (actor.role, actor.sector, actor.purposes) == (
        "GOVERNMENT_USER",
        "HOUSING",
        ("SUPERVISION",),
    )


@pytest.mark.parametrize("change", ["aud", "iss", "exp", "typ", "alg", "key", "role"])
def test_refused(service: TokenService, change: str) -> None:
    token = service.issue("a1", "AUDITOR")
    claims = _claims(service, token)
    key = service.private_key
    headers = {"typ": "at+jwt"}
    if change == "aud":
        claims["aud"] = "other"
    elif change == "iss":
        claims["iss"] = "other"
    elif change == "exp":
        claims["exp"] = 1
    elif change == "typ":
        headers = {"typ": "JWT"}
    elif change == "key":
        key = Ed25519PrivateKey.generate()
    elif change == "role":
        claims["role"] = "GOD"
    if change == "alg":
        forged = jwt.encode(claims, "secret", algorithm="HS256", headers=headers)
    else:
        forged = jwt.encode(claims, key, algorithm="EdDSA", headers=headers)
    with pytest.raises(AuthenticationError):
        service.verify(forged)


def test_missing_jti_and_revoked_jti(service: TokenService, tmp_path: Path) -> None:
    token = service.issue("a1", "AUDITOR")
    claims = _claims(service, token)
    del claims["jti"]
    with pytest.raises(AuthenticationError):
        service.verify(
            jwt.encode(claims, service.private_key, algorithm="EdDSA", headers={"typ": "at+jwt"})
        )
    revoked = tmp_path / "revoked.txt"
    revoked.write_text(f"# leaked on 2026-11-01\n{_claims(service, token)['jti']}\n")
    service.revoked = read_revoked(revoked)
    with pytest.raises(AuthenticationError, match="revoked"):
        service.verify(token)
