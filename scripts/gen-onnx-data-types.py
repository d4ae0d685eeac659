#!/usr/bin/env python3
"""Writes ONNX's tensor element types as JSON on stdout: number, name, element width in bits and the TensorProto
field that holds the values when they are not in raw_data (the table onnx.checker's check_tensor applies).

The reader names element types from it and the structure checker checks payload fields against it, both through
server/onnx/data-types.ts. Generate it with the NEWEST onnx so every type is covered (the device machine's 1.23.1):
    python3 scripts/gen-onnx-data-types.py > server/knowledge/onnx-data-types.json
A test runs this script with Debian's older onnx and checks its numbers, names and fields agree with the file.
"""
import json

import numpy as np
import onnx
from onnx import TensorProto, helper


def storage_field(num):
    """The TensorProto field onnx stores this type's values in (None for UNDEFINED)."""
    if hasattr(helper, "tensor_dtype_to_field"):  # onnx >= 1.13
        try:
            return helper.tensor_dtype_to_field(num)
        except (KeyError, ValueError):
            return None
    from onnx import mapping  # onnx 1.12

    storage = mapping.TENSOR_TYPE_TO_STORAGE_TENSOR_TYPE.get(num)
    return mapping.STORAGE_TENSOR_TYPE_TO_FIELD.get(storage)


def element_bits(num):
    """Bits of one element: sub-byte and bfloat/float8 types through ml_dtypes' own info; 0 for STRING/UNDEFINED;
    None with an onnx older than 1.13, whose numpy mapping widens bfloat16 to float32."""
    if not hasattr(helper, "tensor_dtype_to_np_dtype"):
        return None
    if num in (TensorProto.UNDEFINED, TensorProto.STRING):
        return 0
    dtype = np.dtype(helper.tensor_dtype_to_np_dtype(num))
    if dtype.kind in "biu" and dtype != np.bool_:
        info = _ml_dtypes_info(dtype, "iinfo")
        return info.bits if info else dtype.itemsize * 8
    if dtype.kind == "V" or dtype.type.__module__.startswith("ml_dtypes"):
        info = _ml_dtypes_info(dtype, "finfo") or _ml_dtypes_info(dtype, "iinfo")
        return info.bits
    return dtype.itemsize * 8


def _ml_dtypes_info(dtype, kind):
    import ml_dtypes

    try:
        return getattr(ml_dtypes, kind)(dtype)
    except (TypeError, ValueError):
        return None


def main():
    types = [
        {"num": num, "name": name, "bits": element_bits(num), "field": storage_field(num)}
        for name, num in sorted(TensorProto.DataType.items(), key=lambda item: item[1])
    ]
    # One type per line: readable in review, diffs line by line when onnx adds types.
    rows = ",\n".join(f"  {json.dumps(t)}" for t in types)
    print(f'{{"generatedBy": "scripts/gen-onnx-data-types.py", "onnxVersion": "{onnx.__version__}", "types": [\n{rows}\n]}}')

if __name__ == "__main__":
    main()
