"""Record a nightly figure as a Flow property and read it back, the way the seed's Flow script does:
`requests`, the `sessionId` kept in a dict, and one new login when the server says the session ended.

    python flow_report.py https://127.0.0.1:8443/ [ca.pem]
"""
import sys

import requests

server = "https://127.0.0.1:8443/"
verify = True
session = {}


def configure(url, ca=True):
    global server, verify
    server, verify = url.rstrip("/") + "/", ca
    session.clear()


def login():
    r = requests.post(server + "rest/v1.0/sessions", json={"userName": "system", "password": "system"},
                      timeout=10, verify=verify)
    session["sessionId"] = r.json()["sessionId"]


def call(method, path, **params):
    if "sessionId" not in session:
        login()
    for _ in range(2):
        r = requests.request(method, server + "rest/v1.0/" + path, params=params, timeout=10, verify=verify,
                             headers={"sessionId": session["sessionId"]})
        if r.status_code != 401:
            r.raise_for_status()
            return r.json()
        login()  # the session idled out: once more with a new one
    raise RuntimeError("refused twice")


def record(name, value, project="Default"):
    call("PUT", f"properties/{name}", projectName=project, value=str(value))
    return call("GET", f"properties/{name}", projectName=project)["property"]["value"]


if __name__ == "__main__":
    configure(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else True)
    print(record("NightlyItems", 12000))
