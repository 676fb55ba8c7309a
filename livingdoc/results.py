"""Scenario results and their cucumber JSON form.

A run is a list of :class:`ScenarioResult` (feature, scenario, effective tags, steps
with their status). It is written as cucumber JSON, the format every Gherkin tool
reads, and read back from it, so the HTML report can be rebuilt without rerunning.
The reader also accepts pytest-bdd's own ``--cucumberjson`` output: tag names with or
without ``@``, feature tags inherited by every scenario of the feature.

Setup and teardown failures (a fixture that cannot start Neo4j, say) are written as
failed ``before``/``after`` hooks, as cucumber does, so they are never mistaken for a
scenario that passed or was skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["passed", "failed", "skipped"]
STATUSES: tuple[Status, ...] = ("passed", "failed", "skipped")


@dataclass(frozen=True)
class StepResult:
    """One step as written in the feature, and what happened to it."""

    keyword: str
    text: str
    status: Status
    line: int = 0
    error: str = ""


@dataclass(frozen=True)
class Hook:
    """Work around the steps: pytest setup (``before``) or teardown (``after``)."""

    name: str
    status: Status
    error: str = ""


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario (one example row for an outline) as it ran."""

    feature_file: str
    feature_name: str
    name: str
    tags: tuple[str, ...]
    steps: tuple[StepResult, ...]
    feature_description: str = ""
    feature_tags: tuple[str, ...] = ()
    keyword: str = "场景"
    feature_keyword: str = "功能"
    line: int = 0
    id: str = ""
    before: tuple[Hook, ...] = ()
    after: tuple[Hook, ...] = ()

    @property
    def status(self) -> Status:
        """Failed if anything failed; passed only if every step passed; else skipped."""
        parts: list[Hook | StepResult] = [*self.before, *self.steps, *self.after]
        if any(p.status == "failed" for p in parts):
            return "failed"
        if any(p.status == "skipped" for p in parts):
            return "skipped"
        return "passed"

    @property
    def label(self) -> str:
        """``file: scenario`` — enough for a person to find it."""
        return f"{self.feature_file}: {self.name}"


def _tag(name: str) -> str:
    return name if name.startswith("@") else f"@{name}"


def _bare(name: str) -> str:
    return name.removeprefix("@")


def _result(status: Status, error: str) -> dict[str, Any]:
    result: dict[str, Any] = {"status": status, "duration": 0}
    if error:
        result["error_message"] = error
    return result


def _hooks(hooks: Iterable[Hook]) -> list[dict[str, Any]]:
    return [{"match": {"location": h.name}, "result": _result(h.status, h.error)} for h in hooks]


def to_cucumber(results: Iterable[ScenarioResult]) -> list[dict[str, Any]]:
    """Cucumber JSON: one entry per feature file, scenarios in the order given."""
    features: dict[str, dict[str, Any]] = {}
    for r in results:
        feature = features.setdefault(
            r.feature_file,
            {
                "keyword": r.feature_keyword,
                "uri": r.feature_file,
                "id": r.feature_file.lower().replace(" ", "-"),
                "name": r.feature_name,
                "line": 1,
                "description": r.feature_description,
                "language": "zh-CN",
                "tags": [{"name": _tag(t), "line": 1} for t in r.feature_tags],
                "elements": [],
            },
        )
        element: dict[str, Any] = {
            "keyword": r.keyword,
            "id": r.id or r.name,
            "name": r.name,
            "line": r.line,
            "description": "",
            "type": "scenario",
            "tags": [{"name": _tag(t), "line": r.line} for t in r.tags],
            "steps": [
                {
                    "keyword": s.keyword,
                    "name": s.text,
                    "line": s.line,
                    "match": {"location": ""},
                    "result": _result(s.status, s.error),
                }
                for s in r.steps
            ],
        }
        if r.before:
            element["before"] = _hooks(r.before)
        if r.after:
            element["after"] = _hooks(r.after)
        feature["elements"].append(element)
    return list(features.values())


def _status(raw: Any) -> Status:
    status = str((raw or {}).get("status", "skipped"))
    # Cucumber also knows pending, undefined and ambiguous: none of them passed.
    if status in STATUSES:
        return status
    return "failed" if status in ("undefined", "ambiguous") else "skipped"


def _read_hooks(raw: Any) -> tuple[Hook, ...]:
    return tuple(
        Hook(
            str(h.get("match", {}).get("location", "")),
            _status(h.get("result")),
            str(h.get("result", {}).get("error_message", "")),
        )
        for h in raw or ()
    )


def from_cucumber(document: Any) -> list[ScenarioResult]:
    """Scenario results from cucumber JSON (ours or pytest-bdd's)."""
    if not isinstance(document, list):
        raise ValueError("cucumber JSON is a list of features")
    results: list[ScenarioResult] = []
    for feature in document:
        feature_tags = tuple(_bare(str(t["name"])) for t in feature.get("tags", ()))
        uri = str(feature.get("uri", ""))
        for element in feature.get("elements", ()):
            if element.get("type", "scenario") != "scenario":
                continue  # a background, in some producers
            own = [_bare(str(t["name"])) for t in element.get("tags", ())]
            results.append(
                ScenarioResult(
                    feature_file=uri,
                    feature_name=str(feature.get("name", uri)),
                    feature_description=str(feature.get("description", "")),
                    feature_tags=feature_tags,
                    feature_keyword=str(feature.get("keyword", "功能")),
                    name=str(element.get("name", "")),
                    keyword=str(element.get("keyword", "场景")),
                    line=int(element.get("line", 0)),
                    id=str(element.get("id", "")),
                    tags=tuple(dict.fromkeys([*feature_tags, *own])),
                    steps=tuple(
                        StepResult(
                            keyword=str(s.get("keyword", "")),
                            text=str(s.get("name", "")),
                            status=_status(s.get("result")),
                            line=int(s.get("line", 0)),
                            error=str(s.get("result", {}).get("error_message", "")),
                        )
                        for s in element.get("steps", ())
                    ),
                    before=_read_hooks(element.get("before")),
                    after=_read_hooks(element.get("after")),
                )
            )
    return results


@dataclass(frozen=True)
class RunInfo:
    """How the results came about: whether the whole feature suite ran, and when."""

    partial: bool
    reason: str = ""
    finished: str = ""
    command: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        """The ``run.json`` document written beside ``cucumber.json``."""
        return {
            "partial": self.partial,
            "reason": self.reason,
            "finished": self.finished,
            "command": list(self.command),
        }

    @classmethod
    def from_json(cls, raw: Any) -> RunInfo:
        """Read ``run.json``; anything missing means a full run of unknown date."""
        return cls(
            partial=bool(raw.get("partial", False)),
            reason=str(raw.get("reason", "")),
            finished=str(raw.get("finished", "")),
            command=tuple(str(a) for a in raw.get("command", ())),
        )
