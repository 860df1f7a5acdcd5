"""Runs the ONNX checker (full_check=True: with shape inference) on each file; prints each file's custom metadata as
JSON lines {"path": ..., "metadata": {...}, "opset": N}.   usage: onnx_check.py FILE..."""
import json
import sys

import onnx

for path in sys.argv[1:]:
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    print(json.dumps({'path': path, 'metadata': {p.key: p.value for p in model.metadata_props},
                      'opset': max(o.version for o in model.opset_import if o.domain in ('', 'ai.onnx'))}))
