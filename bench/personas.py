"""The request headers a benchmark sends as one persona: a token signed with the
instance's own key (two hours, longer than any run) and the channel and purpose."""

from __future__ import annotations

from api.identity import TokenService, load_or_create_key
from api.personas import persona_token
from core.settings import Settings

BENCH_TOKEN_TTL_S = 7200


def persona_headers(settings: Settings, persona: str, channel: str, purpose: str) -> dict[str, str]:
    """Authorization, Credit-Channel and Credit-Purpose for ``persona``."""
    api = settings.api
    tokens = TokenService(load_or_create_key(api.signing_key), api.issuer, api.audience)
    token = persona_token(tokens, persona, label="bench", ttl_s=BENCH_TOKEN_TTL_S)
    return {
        "authorization": f"Bearer {token}",
        "credit-channel": channel,
        "credit-purpose": purpose,
    }
