#!/usr/bin/env python3
"""Voorveld in beeld: check the catalogue, build the site, search, serve. See `python build.py
--help`."""

import sys

from directory.cli import main

if __name__ == "__main__":
    sys.exit(main())
