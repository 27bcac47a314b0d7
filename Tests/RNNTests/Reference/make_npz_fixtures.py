"""Writes the .npz fixtures NumpyArchiveTests reads: what np.savez and np.savez_compressed write for a small
LSTM's state_dict (float64, one float32 array, one Fortran-ordered array), and a file with a broken header.
Run once from this folder: python3 make_npz_fixtures.py"""
import numpy as np

rng = np.random.default_rng(99)
arrays = {
    "weight_ih_l0": rng.normal(0, 1, (8, 3)),
    "weight_hh_l0": rng.normal(0, 1, (8, 2)),
    "bias_ih_l0": rng.normal(0, 1, 8),
    "bias_hh_l0": rng.normal(0, 1, 8).astype(np.float32),
    "fortran": np.asfortranarray(rng.normal(0, 1, (2, 3))),
}
np.savez("weights_stored.npz", **arrays)
np.savez_compressed("weights_compressed.npz", **arrays)
np.save("fortran.npy", arrays["fortran"])
with open("expected_weights.txt", "w") as f:
    for name, a in sorted(arrays.items()):
        values = np.ascontiguousarray(a, dtype=np.float64).ravel()
        f.write(name + " " + ",".join(str(s) for s in a.shape) + " " + " ".join(repr(float(v)) for v in values) + "\n")
with open("broken_header.npy", "wb") as f:
    f.write(b"\x93NUMPY\x01\x00\x10\x00{'descr': '<i8'}")
