"""Walk every item of a Catalog repository, the way the seed scripts do: `requests`, the tokens kept
in a dict, `reauth` before each page (and a new login when it fails), a new `epimresttoken` taken
from any answer that carries one, and a paging loop that retries a page on a 5xx or a lost connection.

    python catalog_walk.py https://127.0.0.1:8443/ [ca.pem]
"""
import sys
import time

import requests

server = "https://127.0.0.1:8443/"
verify = True
req_headers = {}


def configure(url, ca=True):
    global server, verify
    server, verify = url.rstrip("/") + "/", ca
    req_headers.clear()


def authorize():
    r = requests.post(server + "enable-api/login", json={"login": "system", "password": "system"},
                      timeout=10, verify=verify)
    req_headers["ewtoken"] = r.json()["token"]["token"]
    req_headers.pop("epimresttoken", None)


def reauth():
    ra = requests.get(server + "enable-api/reauth", headers=req_headers, timeout=10, verify=verify)
    if not ra.json()["success"]:
        authorize()


def do_search(repository_id, page, page_size):
    for attempt in range(5):
        try:
            reauth()
            body = {"repositoryId": repository_id, "page": page, "pageSize": page_size}
            r = requests.post(server + "webcm/rest/api/items/search", json=body, headers=req_headers,
                              timeout=10, verify=verify)
        except requests.ConnectionError:
            time.sleep(0.1 * attempt)
            continue
        if r.status_code >= 500:
            time.sleep(0.1 * attempt)
            continue
        result = r.json()
        if "epimresttoken" in result:
            req_headers["epimresttoken"] = result["epimresttoken"]
        return result["data"]
    raise RuntimeError(f"page {page} failed 5 times")


def walk(repository_id=10149, page_size=500, after_page=None):
    """Every item id of the repository, page by page; `after_page(page)` runs between pages."""
    if "ewtoken" not in req_headers:
        authorize()
    seen, page = [], 1
    while True:
        data = do_search(repository_id, page, page_size)
        seen.extend(item["id"] for item in data["itemList"])
        if data["searchTotal"] <= page_size * page or data["returnTotal"] < page_size:
            return seen
        if after_page:
            after_page(page)
        page += 1


if __name__ == "__main__":
    configure(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else True)
    print(len(walk()), "items")
