"""Breaking a request's TCP connection for real, from inside the application.

ASGI gives an application no handle on its connection, but the connection is a file descriptor of
this very process: the one whose socket has the request's client and server addresses. Found by
those (Linux's `/proc/self/fd`), it can be
- **reset**: lingering off, and the server's descriptor swapped for a dead socket, so that closing
  our own copy, the last one of the connection, sends an RST at once. The server, answering into the
  dead socket, gets an error and drops it as it drops any broken connection;
- **closed**: shut down both ways (a FIN before any byte of an answer).

Where no such socket exists (an in-process transport, another operating system) nothing is done and
the caller is told so.
"""

from __future__ import annotations

import contextlib
import os
import socket
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from starlette.types import Scope

_FDS = Path("/proc/self/fd")


def _address(pair: object) -> tuple[str, int] | None:
    if not isinstance(pair, list | tuple) or len(pair) < 2:
        return None
    return str(pair[0]), int(pair[1])


@contextmanager
def _connection(scope: Scope) -> Iterator[tuple[int, socket.socket] | None]:
    """The request's connection: the server's descriptor number and our own copy of its socket."""
    peer, local = _address(scope.get("client")), _address(scope.get("server"))
    found = None
    if peer is not None and local is not None and _FDS.is_dir():
        for entry in _FDS.iterdir():
            try:
                if not os.readlink(entry).startswith("socket:"):
                    continue
                copy = socket.socket(fileno=os.dup(int(entry.name)))
            except (OSError, ValueError):
                continue  # gone meanwhile, or not a descriptor
            try:
                if copy.type == socket.SOCK_STREAM and (
                    copy.getpeername()[:2] == peer and copy.getsockname()[:2] == local
                ):
                    found = int(entry.name), copy
                    break
            except OSError:
                pass
            copy.close()
    try:
        yield found
    finally:
        if found is not None:
            found[1].close()


def reset(scope: Scope) -> bool:
    """Send an RST on the request's connection; whether it was found."""
    with _connection(scope) as found:
        if found is None:
            return False
        number, copy = found
        copy.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        dead, peer = socket.socketpair()
        peer.close()
        if os.fstat(number).st_ino != os.fstat(copy.fileno()).st_ino:
            dead.close()
            return False  # the server closed it meanwhile
        os.dup2(dead.fileno(), number)
        dead.close()
        return True  # closing `copy` on the way out sends the RST


def close(scope: Scope) -> bool:
    """Shut the request's connection down both ways before any byte of an answer; whether it was found."""
    with _connection(scope) as found:
        if found is None:
            return False
        with contextlib.suppress(OSError):  # the client went first
            found[1].shutdown(socket.SHUT_RDWR)
        return True
