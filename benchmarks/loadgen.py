"""Drive a server with wrk (one thread, 32 connections: the DESIGN.md anchors' settings) from a
separate process, and read back requests/s and latency percentiles."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPTS = Path(__file__).parent / "wrk"


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    errors: int
    non2xx: int
    p50_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def available() -> bool:
    return shutil.which("wrk") is not None


def wrk(
    url: str,
    script: str,
    *,
    headers: dict[str, str] | None = None,
    connections: int = 32,
    seconds: float = 4,
    env: dict[str, str] | None = None,
) -> Result:
    env = {**os.environ, **(env or {}), "WRK_DIR": str(SCRIPTS)}
    for n, (name, value) in enumerate((headers or {}).items(), start=1):
        env[f"WRK_HEADER_{n}"] = f"{name}: {value}"
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(SCRIPTS / script),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK_RESULT "))
    raw = json.loads(line.removeprefix("WRK_RESULT "))
    return Result(
        raw["requests"],
        raw["seconds"],
        raw["errors"],
        raw["non2xx"],
        raw["p50_us"] / 1000,
        raw["p99_us"] / 1000,
    )
