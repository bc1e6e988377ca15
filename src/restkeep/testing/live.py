"""A real `restkeep serve` process on a free loopback port, for tests that need real sockets and TLS."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LiveServer:
    """`with LiveServer(data_dir, "--demo") as server: httpx.get(server.url + ..., verify=server.ca)`."""

    def __init__(
        self,
        data_dir: Path,
        *args: str,
        tls: bool = True,
        port: int | None = None,
        timeout: float = 30,
        wrapper: Sequence[str] = (),
    ) -> None:
        self.data_dir = data_dir
        self.args = list(args)
        self.tls = tls
        self.port = port or free_port()
        self.timeout = timeout
        # a command the server runs under, e.g. ["prlimit", "--fsize=1000000"] to make the disk "full"
        self.wrapper = list(wrapper)
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir.parent / f"{data_dir.name}-server.log"

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def ca_path(self) -> Path:
        """The generated CA certificate (give it to requests as `verify=`, to curl as `--cacert`)."""
        return self.data_dir / "tls" / "ca.pem"

    @property
    def verify(self) -> ssl.SSLContext | bool:
        """What httpx takes as `verify=`: a context that trusts the server's generated CA."""
        return ssl.create_default_context(cafile=self.ca_path) if self.tls else True

    def start(self) -> LiveServer:
        command = [
            sys.executable,
            "-m",
            "restkeep",
            "serve",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
        ]
        if not self.tls:
            command.append("--no-tls")
        env = {k: v for k, v in os.environ.items() if not k.startswith("RESTKEEP_")}
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [*self.wrapper, *command, *self.args], stdout=log, stderr=subprocess.STDOUT, env=env
            )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.timeout
        verify: ssl.SSLContext | bool | None = None
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"restkeep exited with {self.process.returncode}:\n{self.log()}")
            try:
                verify = verify or self.verify
                if (
                    httpx.get(self.url + "/rest/v1.0/server/status", verify=verify, timeout=1).status_code
                    == 200
                ):
                    return
            except (httpx.HTTPError, OSError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"restkeep did not become ready in {self.timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the whole server (main process and workers): no chance to flush anything."""
        if self.process and self.process.poll() is None:
            for pid in children(self.process.pid):
                os.kill(pid, signal.SIGKILL)
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def children(pid: int) -> list[int]:
    """The process ids whose parent is `pid` (the server's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found
