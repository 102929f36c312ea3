"""The data-format fixtures of @weft/ml-workflows (Formats) and @weft/cli
(--data FILE in other formats): the shipped diabetes and breast-cancer CSV
files (packages/ml-workflows/data/) written, by an independent writer
(pyarrow, and Python's own csv and json modules), as Parquet (snappy, the
pyarrow default, in several row groups; and one zstd copy), Arrow IPC file
and stream formats (uncompressed, LZ4 frames, zstd), JSON lines, a semicolon-separated and a tab-separated
CSV; plus small broken files for the error tests.

Every number is parsed from the CSV text with Python's float(), which rounds
correctly as JavaScript's Number() does, so each format must give the CSV
reader's Float64 values bit for bit.

Run with Debian's interpreter and pyarrow (pip install --user pyarrow; the
fixtures were written with pyarrow 25.0.1):

    /usr/bin/python3 tools/reference/formats.py

It (re)writes packages/ml-workflows/test/fixtures/formats/. Tests read those
files only; they never need Python.
"""
import csv
import json
import os
import sys

import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "packages", "ml-workflows", "data")
OUT = os.path.join(ROOT, "packages", "ml-workflows", "test", "fixtures", "formats")


def read_csv(name):
    with open(os.path.join(DATA, name + ".csv"), newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def column(values):
    """Numbers as float64 (parsed by float()), else the strings as they are."""
    try:
        return pa.array([float(v) for v in values], type=pa.float64())
    except ValueError:
        return pa.array(values, type=pa.string())


def table(header, rows):
    return pa.table({h: column([r[j] for r in rows]) for j, h in enumerate(header)})


def write_ipc_stream(t, path):
    with pa.OSFile(path, "wb") as sink:
        with ipc.new_stream(sink, t.schema) as writer:
            # Several record batches, so the readers' batch loop is exercised.
            for batch in t.to_batches(max_chunksize=100):
                writer.write_batch(batch)


def write_ipc_file(t, path):
    with pa.OSFile(path, "wb") as sink:
        with ipc.new_file(sink, t.schema) as writer:
            for batch in t.to_batches(max_chunksize=100):
                writer.write_batch(batch)


def write_text(header, rows, path, delimiter):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def write_jsonl(header, rows, path):
    with open(path, "w") as f:
        for r in rows:
            obj = {}
            for j, h in enumerate(header):
                try:
                    obj[h] = float(r[j])
                except ValueError:
                    obj[h] = r[j]
            f.write(json.dumps(obj) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    p = lambda name: os.path.join(OUT, name)
    for name in ["diabetes", "breast-cancer"]:
        header, rows = read_csv(name)
        t = table(header, rows)
        pq.write_table(t, p(name + ".parquet"), compression="snappy", row_group_size=128)
        write_ipc_file(t, p(name + ".arrow"))
        write_ipc_stream(t, p(name + ".arrows"))
        write_jsonl(header, rows, p(name + ".jsonl"))
        write_text(header, rows, p(name + "-semicolon.csv"), ";")
        write_text(header, rows, p(name + ".tsv"), "\t")
    header, rows = read_csv("diabetes")
    t = table(header, rows)
    pq.write_table(t, p("diabetes-zstd.parquet"), compression="zstd", row_group_size=200)
    feather.write_feather(t, p("diabetes.feather"), compression="uncompressed")
    # Compressed Arrow IPC: write_feather's default (LZ4 frames) and a zstd stream.
    feather.write_feather(t, p("diabetes-lz4.feather"))
    header, rows = read_csv("breast-cancer")
    bc = table(header, rows)
    with pa.OSFile(p("breast-cancer-zstd.arrows"), "wb") as sink:
        with ipc.new_stream(sink, bc.schema, options=ipc.IpcWriteOptions(compression="zstd")) as writer:
            for batch in bc.to_batches(max_chunksize=100):
                writer.write_batch(batch)
    # Buffers of 160 kB: LZ4 frames of several (linked) blocks. x = (i % 100) / 7, y = i % 13.
    n = 20000
    long = pa.table({"x": pa.array([(i % 100) / 7 for i in range(n)]), "y": pa.array([float(i % 13) for i in range(n)])})
    feather.write_feather(long, p("long-lz4.feather"), compression="lz4")

    # Integer and single-precision columns, a boolean target: each value exact in float64.
    small = pa.table({
        "i64": pa.array([1, -2, 2**53, 4], type=pa.int64()),
        "i32": pa.array([10, 20, 30, -40], type=pa.int32()),
        "f32": pa.array([0.5, 1.25, -2.0, 3.75], type=pa.float32()),
        "flag": pa.array([True, False, True, True], type=pa.bool_()),
    })
    pq.write_table(small, p("types.parquet"))
    write_ipc_file(small, p("types.arrow"))

    # Broken and awkward inputs.
    bad = {
        # A string feature column.
        "string-feature": pa.table({"a": pa.array([1.0, 2.0, 3.0]), "b": pa.array(["x", "y", "z"]), "y": pa.array([1.0, 2.0, 3.0])}),
        # A null in the target.
        "null-target": pa.table({"a": pa.array([1.0, 2.0, 3.0]), "y": pa.array([1.0, None, 3.0])}),
        # A null in a feature: a missing value (NaN), as an empty CSV field.
        "null-feature": pa.table({"a": pa.array([1.0, None, 3.0]), "y": pa.array([1.0, 2.0, 3.0])}),
        # Columns, no rows.
        "empty": pa.table({"a": pa.array([], type=pa.float64()), "y": pa.array([], type=pa.float64())}),
    }
    for name, t in bad.items():
        pq.write_table(t, p(name + ".parquet"))
        write_ipc_file(t, p(name + ".arrow"))
    # Cut short: the first half of a complete file.
    for src, dst in [("diabetes.parquet", "truncated.parquet"), ("diabetes.arrow", "truncated.arrow"), ("diabetes.arrows", "truncated.arrows"), ("diabetes.jsonl", "truncated.jsonl")]:
        with open(p(src), "rb") as f:
            data = f.read()
        with open(p(dst), "wb") as f:
            f.write(data[: len(data) // 2])
    with open(p("string-feature.jsonl"), "w") as f:
        f.write('{"a": 1, "b": "x", "y": 1}\n{"a": 2, "b": "y", "y": 2}\n')
    with open(p("null-target.jsonl"), "w") as f:
        f.write('{"a": 1, "y": 1}\n{"a": 2, "y": null}\n')
    print("wrote", sorted(os.listdir(OUT)), "with pyarrow", pa.__version__, file=sys.stderr)


if __name__ == "__main__":
    main()
