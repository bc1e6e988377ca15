"""Development mode: a Catalog client's token handling through a 30-minute rotation, in a second.
Usage: `python dev_clock.py https://host:8443 ca.pem` against `restkeep serve --dev --demo`."""
import ssl
import sys

import httpx

with httpx.Client(base_url=sys.argv[1], verify=ssl.create_default_context(cafile=sys.argv[2])) as http:
    login = http.post("/enable-api/login", json={"login": "system", "password": "system"}).json()
    tokens = {"ewtoken": login["token"]["token"], "epimresttoken": login["epimresttoken"]}
    step = http.post("/_restkeep/clock/advance", json={"by": "31m"}, auth=("admin", "changeme")).json()
    print("expired in the step:", sorted(e["kind"] for e in step["expired"]))
    answer = http.get("/webcm/rest/api/repositories", headers=tokens).json()
    print("a new epimresttoken after 31 minutes:", answer["epimresttoken"] != tokens["epimresttoken"])
