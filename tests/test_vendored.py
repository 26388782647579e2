"""Libraries the site serves are copied from their npm packages unchanged (the stemmer has its own
test in test_static_search.py, because it is wrapped)."""

from __future__ import annotations

import json

import pytest
from conftest import PROJECT

VENDOR = PROJECT / "directory" / "static" / "vendor"
NODE_MODULES = PROJECT / "node_modules"
COPIES = {
    "qrcode-generator.js": "qrcode-generator/dist/qrcode.js",
    **{
        f"workbox/workbox-{m}.prod.js": f"workbox-{m}/build/workbox-{m}.prod.js"
        for m in ("core", "routing", "strategies", "expiration", "precaching")
    },
}


@pytest.mark.parametrize("vendored, published", sorted(COPIES.items()))
def test_vendored_file_is_the_published_one(vendored, published):
    package = NODE_MODULES / published
    if not package.exists():
        pytest.skip("node_modules is missing: `make test` installs it")
    assert (VENDOR / vendored).read_bytes() == package.read_bytes()


@pytest.mark.parametrize("vendored, published", sorted(COPIES.items()))
def test_vendored_version_is_pinned_in_package_json(vendored, published):
    name = published.split("/")[0]
    pinned = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))["devDependencies"][
        name
    ]
    assert pinned[0].isdigit(), f"{name} must be pinned to an exact version, not {pinned}"
