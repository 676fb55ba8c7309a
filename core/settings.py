"""Settings in one place, read from environment variables with safe defaults.

Every part of the platform reads its configuration from :func:`load`; nothing else
looks at ``os.environ``. A local Neo4j instance is described by a *name* ("demo",
"test", "sandbox"), which fixes its data folder and its default port, so that several
instances run side by side without touching each other.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Default Bolt ports of the named local instances.
DEFAULT_PORTS: dict[str, int] = {"demo": 7687, "test": 7787, "sandbox": 7887, "bench": 7987}
#: The audit sandbox's own token issuer and audience (issue 15): a sandbox token is never
#: accepted by a development or production API, nor theirs by the sandbox (its keys differ
#: too, under ``<runtime>/sandbox/keys``).
SANDBOX_ISSUER = "credit-sandbox"
SANDBOX_AUDIENCE = "credit-sandbox-api"
#: The sandbox API's default port (the sandbox's range is 8200-8299).
SANDBOX_API_PORT = 8200


@dataclass(frozen=True)
class ExternalNeo4j:
    """An externally managed Neo4j server (Docker, Aura, a cluster): no Java needed."""

    uri: str
    user: str
    password: str
    database: str


@dataclass(frozen=True)
class LocalNeo4j:
    """A Neo4j Community instance this project resolves, configures and starts itself."""

    name: str
    port: int
    home: Path
    cache_dir: Path
    version: str
    heap: str
    page_cache: str
    start_timeout_s: float
    database: str = "neo4j"
    user: str = "neo4j"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def password_file(self) -> Path:
        return self.home / "password"


@dataclass(frozen=True)
class ApiSettings:
    """The GraphQL endpoint: mode, identity, limits (OWASP GraphQL cheat sheet)."""

    mode: str = "development"  # development | production | sandbox
    host: str = "127.0.0.1"
    port: int = 8000
    issuer: str = "credit-platform"
    audience: str = "credit-api"
    signing_key: Path = PROJECT_ROOT / ".runtime" / "keys" / "jwt-ed25519.pem"
    audit_key: Path = PROJECT_ROOT / ".runtime" / "keys" / "audit-ed25519.pem"
    #: Signs webhook deliveries; by default beside the audit key.
    webhook_key: Path | None = None
    #: "journal": entries commit to a local fsync'd journal, then reach the graph (one
    #: API process, the sequencer); "graph": each group commits in the graph, whose head
    #: lock sequences any number of processes.
    audit_mode: str = "journal"
    audit_journal: Path = PROJECT_ROOT / ".runtime" / "audit" / "journal.jsonl"
    #: Journal mode: how long committed entries gather before one graph transaction copies
    #: them (readers of the log never wait for it: they ask for the copy first).
    audit_copy_every_s: float = 0.5
    revoked_tokens: Path = PROJECT_ROOT / ".runtime" / "keys" / "revoked-jti.txt"
    max_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 2000
    max_cost: int = 20000
    max_batch: int = 5
    max_page: int = 100
    #: Bytes of a request body, however it is sent (Content-Length or chunked).
    max_body: int = 1_000_000
    #: Characters of one string argument, literal or variable (names, values, reasons).
    max_string: int = 20_000
    #: Records of one ``submitRecords`` call (larger submissions are split).
    max_records: int = 1_000
    timeout_s: float = 10.0
    rate_per_s: float = 20.0
    rate_burst: int = 40
    max_authorization_days: int = 366
    checkpoint_every_s: float = 60.0
    objection_days: int = 10
    #: Art. 30: working days a subject has to object to a listing notice.
    listing_notice_days: int = 5
    #: Art. 47: working days a recipient has to acknowledge a withdrawal notice.
    withdrawal_ack_days: int = 5
    #: Art. 38: working days the coordinator has to answer a complaint.
    complaint_days: int = 15
    name_mask: str = "1,0"
    id_mask: str = "3,2"

    @property
    def webhook_key_path(self) -> Path:
        return self.webhook_key or self.audit_key.with_name("webhook-ed25519.pem")

    @property
    def production(self) -> bool:
        return self.mode == "production"


@dataclass(frozen=True)
class Settings:
    """The platform's configuration."""

    runtime_dir: Path
    external: ExternalNeo4j | None
    local: LocalNeo4j
    ingest_batch_size: int = 5000
    api: ApiSettings = field(default_factory=ApiSettings)

    @property
    def database(self) -> str:
        return self.external.database if self.external else self.local.database


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def load(instance: str | None = None) -> Settings:
    """Read the settings for one named local instance (default ``CREDIT_INSTANCE`` or demo).

    ``NEO4J_URI`` switches to an external server; ``NEO4J_USER``, ``NEO4J_PASSWORD``
    and ``NEO4J_DATABASE`` then describe how to reach it.
    """
    name = instance or _env("CREDIT_INSTANCE", "demo")
    runtime = Path(_env("CREDIT_RUNTIME_DIR", str(PROJECT_ROOT / ".runtime")))
    # Each named instance has its own port variable, e.g. CREDIT_NEO4J_PORT_TEST.
    port = int(_env(f"CREDIT_NEO4J_PORT_{name.upper()}", str(DEFAULT_PORTS.get(name, 7687))))
    local = LocalNeo4j(
        name=name,
        port=port,
        home=runtime / "neo4j" / name,
        cache_dir=Path(_env("CREDIT_NEO4J_CACHE", str(PROJECT_ROOT / ".cache" / "neo4j"))),
        version=_env("CREDIT_NEO4J_VERSION", "5.26.30"),
        heap=_env("CREDIT_NEO4J_HEAP", "1g"),
        page_cache=_env("CREDIT_NEO4J_PAGECACHE", "512m"),
        start_timeout_s=float(_env("CREDIT_NEO4J_START_TIMEOUT", "90")),
    )
    external: ExternalNeo4j | None = None
    uri = os.environ.get("NEO4J_URI", "").strip()
    if uri:
        external = ExternalNeo4j(
            uri=uri,
            user=_env("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=_env("NEO4J_DATABASE", "neo4j"),
        )
    # The sandbox instance is the audit sandbox: its own mode, port, issuer, audience and
    # keys by default, so that nothing minted there is valid anywhere else.
    mode = _env("CREDIT_MODE", "sandbox" if name == "sandbox" else "development")
    sandbox = mode == "sandbox"
    keys = runtime / "sandbox" / "keys" if sandbox else runtime / "keys"
    api = ApiSettings(
        mode=mode,
        host=_env("CREDIT_API_HOST", "127.0.0.1"),
        port=int(_env("CREDIT_API_PORT", str(SANDBOX_API_PORT if sandbox else 8000))),
        issuer=_env("CREDIT_JWT_ISSUER", SANDBOX_ISSUER if sandbox else "credit-platform"),
        audience=_env("CREDIT_JWT_AUDIENCE", SANDBOX_AUDIENCE if sandbox else "credit-api"),
        signing_key=Path(_env("CREDIT_JWT_KEY_FILE", str(keys / "jwt-ed25519.pem"))),
        audit_key=Path(_env("CREDIT_AUDIT_KEY_FILE", str(keys / "audit-ed25519.pem"))),
        revoked_tokens=Path(_env("CREDIT_REVOKED_TOKENS_FILE", str(keys / "revoked-jti.txt"))),
        webhook_key=Path(_env("CREDIT_WEBHOOK_KEY_FILE", str(keys / "webhook-ed25519.pem"))),
        audit_mode=_env("CREDIT_AUDIT_MODE", "journal"),
        audit_journal=Path(
            _env("CREDIT_AUDIT_JOURNAL", str(runtime / "audit" / f"{name}-journal.jsonl"))
        ),
        audit_copy_every_s=float(_env("CREDIT_AUDIT_COPY_EVERY_S", "0.5")),
        max_depth=int(_env("CREDIT_MAX_DEPTH", "10")),
        max_aliases=int(_env("CREDIT_MAX_ALIASES", "15")),
        max_tokens=int(_env("CREDIT_MAX_TOKENS", "2000")),
        max_cost=int(_env("CREDIT_MAX_COST", "20000")),
        max_batch=int(_env("CREDIT_MAX_BATCH", "5")),
        max_page=int(_env("CREDIT_MAX_PAGE", "100")),
        max_body=int(_env("CREDIT_MAX_BODY", "1000000")),
        max_string=int(_env("CREDIT_MAX_STRING", "20000")),
        max_records=int(_env("CREDIT_MAX_RECORDS", "1000")),
        timeout_s=float(_env("CREDIT_REQUEST_TIMEOUT", "10")),
        # The sandbox serves reviewers running whole feature suites over HTTP.
        rate_per_s=float(_env("CREDIT_RATE_PER_S", "500" if sandbox else "20")),
        rate_burst=int(_env("CREDIT_RATE_BURST", "1000" if sandbox else "40")),
        max_authorization_days=int(_env("CREDIT_MAX_AUTHORIZATION_DAYS", "366")),
        checkpoint_every_s=float(_env("CREDIT_AUDIT_CHECKPOINT_S", "60")),
        objection_days=int(_env("CREDIT_OBJECTION_DAYS", "10")),
        listing_notice_days=int(_env("CREDIT_LISTING_NOTICE_DAYS", "5")),
        withdrawal_ack_days=int(_env("CREDIT_WITHDRAWAL_ACK_DAYS", "5")),
        complaint_days=int(_env("CREDIT_COMPLAINT_DAYS", "15")),
        name_mask=_env("CREDIT_MASK_NAME", "1,0"),
        id_mask=_env("CREDIT_MASK_ID", "3,2"),
    )
    return Settings(
        runtime_dir=runtime,
        external=external,
        local=local,
        ingest_batch_size=int(_env("CREDIT_INGEST_BATCH", "5000")),
        api=api,
    )
