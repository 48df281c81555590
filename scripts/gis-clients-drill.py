"""OWSLib (Debian's python3-owslib) reads RecWay's OGC API - Features, following `next` links.

Usage: gis-clients-drill.py <ogc root URL> <API key> <expected feature count>. Exits 1 on a mismatch.
"""
import sys
from urllib.parse import parse_qs, urlparse

from owslib.ogcapi.features import Features

root, key, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
api = Features(root, headers={"X-API-Key": key})
assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in api.conformance()["conformsTo"]
assert [c["id"] for c in api.collections()["collections"]] == ["segmentos"]

seen, pages, offset = set(), 0, 0
while True:
    page = api.collection_items("segmentos", limit=1000, offset=offset)
    assert page["numberMatched"] == expected, page["numberMatched"]
    for feature in page["features"]:
        assert feature["id"] not in seen, f"feature {feature['id']} seen twice"
        seen.add(feature["id"])
    pages += 1
    following = [link for link in page["links"] if link["rel"] == "next"]
    if not following:
        break
    offset = int(parse_qs(urlparse(following[0]["href"]).query)["offset"][0])

assert len(seen) == expected, f"{len(seen)} features, expected {expected}"
print(f"OWSLib: {len(seen)} features in {pages} pages, each exactly once")
