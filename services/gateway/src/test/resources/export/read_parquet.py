"""Reads Parquet files with pyarrow (an implementation other than the writer's) and prints, as
JSON, each file's schema (column name -> Arrow type) and rows; timestamps as ISO-8601 UTC."""
import json
import sys

import pyarrow.parquet as pq


def value(v):
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


out = {}
for path in sys.argv[1:]:
    table = pq.read_table(path)
    out[path] = {
        "schema": {f.name: str(f.type) for f in table.schema},
        "rows": [{k: (list(map(value, v)) if isinstance(v, list) else value(v))
                  for k, v in row.items()} for row in table.to_pylist()],
    }
json.dump(out, sys.stdout)
