"""Writes the .npy / .npz fixtures of NumpyFileTests with numpy (the reference implementation of
the format) into Tests/ScopeFlowTests/Resources/numpy/, and numpy.json: for every file, the arrays
numpy itself reads back (dtype name, shape, row-major values).

    /path/to/venv/bin/python Scripts/tf-verify/record_numpy_fixtures.py
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "numpy")
rng = np.random.RandomState(7)


def record(array):
    values = array.reshape(-1).tolist()
    if array.dtype.kind == "f":
        values = [float(v) for v in values]
    return {"dtype": {"U": "string"}.get(array.dtype.kind, array.dtype.name), "shape": list(array.shape),
            "values": values}


ARRAYS = {
    "float32_2x3": np.arange(6, dtype=np.float32).reshape(2, 3) / 4 - 0.5,
    "float64_scalar": np.float64(3.25),
    "int64_vector": np.array([-3, 0, 2**40], dtype=np.int64),
    "int32_3d": np.arange(24, dtype=np.int32).reshape(2, 3, 4) - 7,
    "bool_matrix": np.array([[True, False, True], [False, False, True]]),
    "float16_vector": np.array([0.5, -2.0, 65504.0], dtype=np.float16),
    "big_endian_float32": np.array([1.5, -0.25, 1e-3], dtype=">f4"),
    "fortran_float32_2x3x2": np.asfortranarray(np.arange(12, dtype=np.float32).reshape(2, 3, 2)),
    "unicode": np.array(["a", "h\u00e9llo", ""]),
    "empty_0x3": np.zeros((0, 3), dtype=np.float32),
}
manifest = {"npy": {}, "npz": {}, "version2": {}, "unsupported": ["uint8.npy", "complex.npy"]}
for name, array in ARRAYS.items():
    np.save(os.path.join(OUT, name + ".npy"), array)
    manifest["npy"][name + ".npy"] = record(np.load(os.path.join(OUT, name + ".npy")))
with open(os.path.join(OUT, "version2.npy"), "wb") as f:
    np.lib.format.write_array(f, ARRAYS["int32_3d"], version=(2, 0))
manifest["version2"]["version2.npy"] = record(ARRAYS["int32_3d"])
np.save(os.path.join(OUT, "uint8.npy"), np.arange(4, dtype=np.uint8))
np.save(os.path.join(OUT, "complex.npy"), np.array([1 + 2j], dtype=np.complex64))

big = np.concatenate([np.zeros(3000, np.float32), rng.randn(500).astype(np.float32),
                      np.tile(np.float32([1, 2, 3]), 400)]).reshape(-1, 10)
archives = {
    "savez.npz": (np.savez, {"x": ARRAYS["float32_2x3"], "labels": ARRAYS["int64_vector"]}),
    "savez_compressed.npz": (np.savez_compressed, {"big": big, "flags": ARRAYS["bool_matrix"],
                                                   "tiny": np.int32(5)}),
}
for file, (save, arrays) in archives.items():
    save(os.path.join(OUT, file), **arrays)
    with np.load(os.path.join(OUT, file)) as loaded:
        manifest["npz"][file] = [[key, record(loaded[key])] for key in loaded.files]
with open(os.path.join(OUT, "numpy.json"), "w") as f:
    json.dump(manifest, f, sort_keys=True)
    f.write("\n")
print("wrote", len(os.listdir(OUT)), "files")
