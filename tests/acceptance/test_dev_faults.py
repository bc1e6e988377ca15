"""Development mode's faults, over real sockets, on each backend, with two workers: error statuses in
each API family's own envelope that never reach the handler, counted triggers shared by the workers,
delays, and connections broken for real (an RST, a close before any byte, half a body, no answer),
seen by a raw socket client."""

from __future__ import annotations

import base64
import contextlib
import socket
import ssl
import time
from collections.abc import Iterator

import httpx
import pytest

from restkeep.testing import LiveServer

pytestmark = pytest.mark.live
ADMIN = ("admin", "changeme")
BASIC = "Basic " + base64.b64encode(b"admin:changeme").decode()


@pytest.fixture
def http(dev_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=dev_server.url, timeout=30) as client:
        yield client
        client.delete("/_restkeep/faults", auth=ADMIN).raise_for_status()


def add(http: httpx.Client, **rule: object) -> dict[str, object]:
    answer = http.post("/_restkeep/faults", json=rule, auth=ADMIN)
    assert answer.status_code == 201, answer.text
    fault: dict[str, object] = answer.json()["fault"]
    return fault


def fired(http: httpx.Client, fault_id: object) -> int:
    faults = http.get("/_restkeep/faults", auth=ADMIN).json()["faults"]
    return int(next(f["fired"] for f in faults if f["id"] == fault_id))


def raw(server: LiveServer, path: str, wait: float = 10) -> tuple[bytes, str]:
    """Send one GET over a socket of our own; what came back and how the TCP connection ended: `eof`,
    `reset` or `timeout`. TLS runs over memory buffers, so that an RST is seen as one (Python's TLS
    sockets report it as an EOF)."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=wait)
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = None
    if server.tls:
        context = ssl.create_default_context(cafile=server.ca_path)
        tls = context.wrap_bio(incoming, outgoing, server_hostname="localhost")
    request = f"GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: {BASIC}\r\n\r\n".encode()
    received = b""
    try:
        if tls is not None:
            while True:
                try:
                    tls.do_handshake()
                    break
                except ssl.SSLWantReadError:
                    sock.sendall(outgoing.read())
                    incoming.write(sock.recv(65536))
            tls.write(request)
            request = outgoing.read()
        sock.sendall(request)
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return received, "eof"
            if tls is None:
                received += chunk
                continue
            incoming.write(chunk)
            with contextlib.suppress(ssl.SSLWantReadError):
                received += tls.read(65536)
    except ConnectionResetError:
        return received, "reset"
    except TimeoutError:
        return received, "timeout"
    finally:
        sock.close()


def test_first_n_answers_503_twice_in_the_catalog_envelope_then_the_handler_runs(http: httpx.Client) -> None:
    fault = add(http, match={"method": "GET", "path": "/webcm/rest/api/repositories"},
                action={"status": 503}, trigger={"firstN": 2})  # fmt: skip
    assert fault["fired"] == 0 and fault["trigger"] == {"firstN": 2}
    token = http.post("/enable-api/login", json={"login": "system", "password": "system"}).json()
    headers = {"ewtoken": token["token"]["token"]}
    answers = [http.get("/webcm/rest/api/repositories", headers=headers) for _ in range(3)]
    assert [a.status_code for a in answers] == [503, 503, 200]  # two workers share the count
    body = answers[0].json()
    assert body["status"] == 503 and body["success"] is False and f"fault {fault['id']}" in body["error"]
    assert answers[0].headers["x-restkeep-fault"] == str(fault["id"])
    assert answers[2].json()["status"] == 0
    assert fired(http, fault["id"]) == 2


def test_each_family_answers_a_status_fault_in_its_own_envelope_and_nothing_is_written(
    http: httpx.Client,
) -> None:
    add(http, match={"path": "/enable-api/login"}, action={"status": 500})
    add(http, match={"api": "flow", "method": "POST"}, action={"status": 429})
    login = http.post("/enable-api/login", json={"login": "system", "password": "system"})
    assert login.status_code == 500 and login.json()["success"] is False
    created = http.post("/rest/v1.0/projects", json={"projectName": "never-made"}, auth=ADMIN)
    assert created.status_code == 429
    assert created.json()["error"]["code"] == "TooManyRequests"
    http.delete("/_restkeep/faults", auth=ADMIN)
    assert http.get("/rest/v1.0/projects/never-made", auth=ADMIN).status_code == 404


def test_a_rule_for_one_user_spares_the_others(http: httpx.Client) -> None:
    add(http, match={"path": "/rest/v1.0/projects", "user": "system"}, action={"status": 503})
    session = http.post("/rest/v1.0/sessions", json={"userName": "system", "password": "system"}).json()
    http.cookies.clear()
    assert http.get("/rest/v1.0/projects", headers={"sessionId": session["sessionId"]}).status_code == 503
    assert http.get("/rest/v1.0/projects", auth=("system", "system")).status_code == 503
    assert http.get("/rest/v1.0/projects", auth=ADMIN).status_code == 200


def test_every_nth_with_max_fires_and_a_seeded_probability(http: httpx.Client) -> None:
    every = add(http, match={"path": "/rest/v1.0/projects"}, action={"status": 503},
                trigger={"everyNth": 2, "maxFires": 2})  # fmt: skip
    codes = [http.get("/rest/v1.0/projects", auth=ADMIN).status_code for _ in range(6)]
    assert codes == [200, 503, 200, 503, 200, 200]
    http.delete(f"/_restkeep/faults/{every['id']}", auth=ADMIN).raise_for_status()

    def run() -> list[int]:
        add(http, match={"path": "/rest/v1.0/projects"}, action={"status": 503},
            trigger={"probability": 0.5, "seed": 7})  # fmt: skip
        seen = [http.get("/rest/v1.0/projects", auth=ADMIN).status_code for _ in range(16)]
        http.delete("/_restkeep/faults", auth=ADMIN).raise_for_status()
        return seen

    first = run()
    assert first == run()  # the same requests fire on every run
    assert {200, 503} == set(first)


def test_a_delay_holds_the_answer_and_then_the_handler_runs(http: httpx.Client) -> None:
    add(http, match={"path": "/rest/v1.0/projects"}, action={"delay": "400ms"})
    started = time.monotonic()
    assert http.get("/rest/v1.0/projects", auth=ADMIN).status_code == 200
    assert time.monotonic() - started >= 0.4


def test_dev_routes_never_match(http: httpx.Client) -> None:
    add(http, match={"path": "/**"}, action={"status": 500})
    assert http.get("/_restkeep/faults", auth=ADMIN).status_code == 200
    assert http.get("/rest/v1.0/projects", auth=ADMIN).status_code == 500


def test_a_reset_fault_resets_the_tcp_connection(http: httpx.Client, dev_server: LiveServer) -> None:
    fault = add(http, match={"path": "/rest/v1.0/projects"}, action={"connection": "reset"})
    assert raw(dev_server, "/rest/v1.0/projects") == (b"", "reset")
    with pytest.raises(httpx.TransportError):
        http.get("/rest/v1.0/projects", auth=ADMIN)
    assert fired(http, fault["id"]) == 2
    assert http.get("/rest/v1.0/server/info", auth=ADMIN).status_code == 200  # the server carries on


def test_an_empty_fault_closes_before_any_byte(http: httpx.Client, dev_server: LiveServer) -> None:
    add(http, match={"path": "/rest/v1.0/projects"}, action={"connection": "empty"})
    assert raw(dev_server, "/rest/v1.0/projects") == (b"", "eof")


def test_a_truncate_fault_sends_headers_and_half_the_body(http: httpx.Client, dev_server: LiveServer) -> None:
    whole = http.get("/rest/v1.0/projects", auth=ADMIN).content
    add(http, match={"path": "/rest/v1.0/projects"}, action={"connection": "truncate"})
    received, ending = raw(dev_server, "/rest/v1.0/projects")
    head, _, body = received.partition(b"\r\n\r\n")
    assert ending == "eof" and head.startswith(b"HTTP/1.1 200")
    assert f"content-length: {len(whole)}".encode() in head.lower()
    assert body == whole[: len(whole) // 2]


def test_a_stall_fault_never_answers_until_the_client_gives_up(
    http: httpx.Client, dev_server: LiveServer
) -> None:
    add(http, match={"path": "/rest/v1.0/projects"}, action={"connection": "stall"})
    assert raw(dev_server, "/rest/v1.0/projects", wait=1.5) == (b"", "timeout")
    assert http.get("/rest/v1.0/server/info", auth=ADMIN).status_code == 200


def test_a_reset_over_tls_is_an_rst_too(demo_server: LiveServer) -> None:
    with httpx.Client(base_url=demo_server.url, verify=demo_server.verify, timeout=30) as client:
        client.post("/_restkeep/faults", json={"match": {"path": "/rest/v1.0/projects"},
                    "action": {"connection": "reset"}}, auth=ADMIN).raise_for_status()  # fmt: skip
        try:
            assert raw(demo_server, "/rest/v1.0/projects") == (b"", "reset")
        finally:
            client.delete("/_restkeep/faults", auth=ADMIN).raise_for_status()


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"action": {"status": 503}, "match": {"pat": "/x"}}, "match.pat"),
        ({"match": {"path": "/x"}}, "action"),
        ({"action": {"connection": "explode"}}, "action.connection"),
        ({"action": {"status": 503}, "trigger": {"firstN": 0}}, "trigger.firstN"),
    ],
)
def test_a_bad_rule_is_a_400_naming_the_field(
    http: httpx.Client, rule: dict[str, object], field: str
) -> None:
    answer = http.post("/_restkeep/faults", json=rule, auth=ADMIN)
    assert answer.status_code == 400 and f"'{field}'" in answer.json()["error"]["message"], answer.text


def test_removing_a_fault_that_is_not_there_is_a_404(http: httpx.Client) -> None:
    assert http.delete("/_restkeep/faults/987654", auth=ADMIN).status_code == 404
