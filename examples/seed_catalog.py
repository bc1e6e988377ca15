"""The Catalog seed with the SDK: every item of repository 10149, once, whatever expires meanwhile.
Usage: `python seed_catalog.py https://host:8443 ca.pem`."""
import sys

from restkeep import CatalogClient

with CatalogClient(sys.argv[1], login="system", password="system", verify=sys.argv[2]) as cat:
    items = cat.search_items(10149, page_size=500)
    seen = {item["id"] for item in items}
    print(f"{len(seen)} of {items.total} items in {items.pages} pages, {cat.rotations} token rotations")
