"""Writes the Parquet fixtures of the poisoning check's reader tests with pyarrow (from PyPI, in a virtualenv):

  python3 -m venv /tmp/pq && /tmp/pq/bin/pip install pyarrow
  /tmp/pq/bin/python tools/poisoning/make_parquet_fixtures.py

Each file holds the same small table (12 rows: numeric features of several types, a text category, a text label)
written with another encoding or codec, so the Java reader is checked against pyarrow's own writer.
"""
import os

import pyarrow as pa
import pyarrow.parquet as pq

OUT = "checks-data/src/test/resources/dev/aigate/checks/poisoning/parquet"


def table(with_nulls=False):
    n = 12
    sepal = [5.1 + 0.1 * i for i in range(n)]
    if with_nulls:
        sepal[3] = None
    return pa.table({
        "sepal": pa.array(sepal, pa.float64()),
        "petal": pa.array([1.5 + 0.25 * i for i in range(n)], pa.float32()),
        "count": pa.array([i * 3 for i in range(n)], pa.int32()),
        "big": pa.array([10_000_000_000 + i for i in range(n)], pa.int64()),
        "flag": pa.array([i % 2 == 0 for i in range(n)], pa.bool_()),
        "colour": pa.array(["red", "green", "blue"] * 4, pa.string()),
        "species": pa.array(["setosa"] * 4 + ["versicolor"] * 4 + ["virginica"] * 4, pa.string()),
    })


def main():
    os.makedirs(OUT, exist_ok=True)
    pq.write_table(table(), f"{OUT}/snappy-dictionary.parquet", compression="snappy")
    pq.write_table(table(), f"{OUT}/plain-uncompressed.parquet", compression="none", use_dictionary=False)
    pq.write_table(table(), f"{OUT}/gzip-v2.parquet", compression="gzip", data_page_version="2.0")
    pq.write_table(table(), f"{OUT}/row-groups.parquet", compression="snappy", row_group_size=5)
    pq.write_table(table(with_nulls=True), f"{OUT}/nulls.parquet", compression="snappy")
    pq.write_table(table(), f"{OUT}/zstd.parquet", compression="zstd")
    nested = pa.table({"point": pa.array([{"x": 1.0, "y": 2.0}], pa.struct([("x", pa.float64()),
                                                                          ("y", pa.float64())])),
                       "species": pa.array(["a"], pa.string())})
    pq.write_table(nested, f"{OUT}/nested.parquet")


if __name__ == "__main__":
    main()
