"""Development mode: a script's retry loop through two 503s and a reset connection; the journal shows it.
Usage: `python dev_faults.py https://host:8443 ca.pem` against `restkeep serve --dev --demo`."""
import ssl, sys, httpx  # noqa: E401

with httpx.Client(base_url=sys.argv[1], verify=ssl.create_default_context(cafile=sys.argv[2])) as http:
    admin, search, when = ("admin", "changeme"), "/webcm/rest/api/items/search", ({"status": 503}, {"connection": "reset"})
    for action, first_n in zip(when, (2, 1)):
        http.post("/_restkeep/faults", auth=admin, json={"match": {"path": search}, "action": action, "trigger": {"firstN": first_n}})
    login = http.post("/enable-api/login", json={"login": "system", "password": "system"}).json()
    for attempt in range(1, 6):  # the script's own retry loop: 5xx and lost connections
        try: answer = http.post(search, json={"repositoryId": 10149, "pageSize": 5}, headers={"ewtoken": login["token"]["token"]})  # noqa: E701
        except httpx.TransportError: answer = None  # noqa: E701
        print(f"attempt {attempt}:", answer.status_code if answer else "connection lost")
        if answer and answer.status_code == 200:
            break
    entries = reversed(http.get("/_restkeep/journal", params={"path": search}, auth=admin).json()["entries"])
    print(*[f"{e['status']} fault {e['fault']} ewtoken {e['requestHeaders']['ewtoken']}" for e in entries], sep="\n")
