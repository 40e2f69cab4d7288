#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Normalizes csysdig's (and csyscope's) -j output for comparison: the rows of a
slice whose sort-column values are equal are put in key order (csysdig leaves
such ties in the order of its hash table), and the JSON is re-printed a row a
line. Usage: normalize.py FILE"""
import json
import sys

with open(sys.argv[1]) as f:
    doc = json.load(f)
for sl in doc["slices"]:
    rows = sl.get("data")
    if not rows:
        continue
    col = sl["info"]["sortingCol"] - 1
    # the rank of each distinct sort value, in the order the tool printed them
    rank = {}
    for r in rows:
        rank.setdefault(json.dumps(r["d"][col]), len(rank))
    rows.sort(key=lambda r: (rank[json.dumps(r["d"][col])], r["k"]))
# one line per row, so that a difference shows as the rows that differ
for sl in doc["slices"]:
    rows = sl.pop("data", None)
    info = sl.pop("info", None)
    print(json.dumps(sl, sort_keys=True))
    for r in rows or []:
        print(json.dumps(r, sort_keys=True, separators=(",", ":")))
    if info is not None:
        print(json.dumps(info, sort_keys=True, separators=(",", ":")))
