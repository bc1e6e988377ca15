"""Artifact streaming: a 1 GiB version uploaded and downloaded through a real server; throughput and
the worker's memory (peak RSS growth, from /proc) — it must stay flat, under 100 MB of growth.

    .venv/bin/python benchmarks/artifacts.py [--size-mib 1024]
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from restkeep.testing import LiveServer
from restkeep.testing.live import children

HERE = Path(__file__).parent
BOUNDARY = b"restkeep-benchmark"
CHUNK = 1 << 20


def memory_kib(pid: int) -> tuple[int, int]:
    """(current RSS, peak RSS) of a process in KiB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def body(size: int, digest: hashlib._Hash) -> Iterator[bytes]:
    yield b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="files"; filename="big.bin"\r\n\r\n'
    block = bytes(range(256)) * (CHUNK // 256)
    for _ in range(size // CHUNK):
        digest.update(block)
        yield block
    yield b"\r\n--" + BOUNDARY + b"--\r\n"


@dataclass(frozen=True)
class ArtifactResult:
    mib: float
    upload_seconds: float
    download_seconds: float
    rss_before_mib: float
    upload_growth_mib: float
    download_growth_mib: float


def measure(size_mib: int, database: str = "") -> ArtifactResult:
    """Publish one file of `size_mib` MiB, download it, and read the worker's peak RSS around both."""
    size = size_mib * CHUNK
    data_dir = HERE / "results" / "tmp" / "artifacts"
    shutil.rmtree(data_dir, ignore_errors=True)
    args = ["--database", database] if database else []
    with LiveServer(data_dir, "--demo", *args, tls=False) as server:
        assert server.process is not None
        (worker,) = children(server.process.pid)
        rss_before, peak_before = memory_kib(worker)
        auth = ("admin", "changeme")
        digest = hashlib.sha256()
        headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY.decode()}"}
        url = f"{server.url}/rest/v1.0/artifactVersions?artifactName=bench:big&version=1.0.0"
        started = time.perf_counter()
        response = httpx.post(url, auth=auth, content=body(size, digest), headers=headers, timeout=600)
        upload_s = time.perf_counter() - started
        assert response.status_code == 200, response.text
        assert response.json()["artifactVersion"]["files"][0]["sha256"] == digest.hexdigest()
        _, peak_upload = memory_kib(worker)

        started = time.perf_counter()
        received = hashlib.sha256()
        with httpx.stream(
            "GET",
            f"{server.url}/rest/v1.0/artifactVersions/bench:big:1.0.0/files/big.bin",
            auth=auth,
            timeout=600,
        ) as download:
            for chunk in download.iter_bytes(CHUNK):
                received.update(chunk)
        download_s = time.perf_counter() - started
        assert received.hexdigest() == digest.hexdigest()
        _, peak_download = memory_kib(worker)
    shutil.rmtree(data_dir, ignore_errors=True)
    return ArtifactResult(
        size / CHUNK,
        upload_s,
        download_s,
        rss_before / 1024,
        (peak_upload - peak_before) / 1024,
        (peak_download - peak_before) / 1024,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=1024)
    args = parser.parse_args()
    r = measure(args.size_mib)
    lines = [
        f"# Artifact streaming benchmark ({r.mib:,.0f} MiB)",
        "",
        "| step | time | throughput | worker peak RSS growth |",
        "|---|---|---|---|",
        f"| upload (multipart, sha256 checked) | {r.upload_seconds:.1f} s | {r.mib / r.upload_seconds:,.0f} MiB/s"
        f" | {r.upload_growth_mib:.1f} MiB |",
        f"| download (streamed file) | {r.download_seconds:.1f} s | {r.mib / r.download_seconds:,.0f} MiB/s"
        f" | {r.download_growth_mib:.1f} MiB |",
        "",
        f"Worker RSS before: {r.rss_before_mib:.0f} MiB.",
        "",
    ]
    text = "\n".join(lines)
    (HERE / "results" / "artifacts.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
