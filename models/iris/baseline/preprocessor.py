"""Model Monitor record preprocessor for the Iris model.

The endpoint receives Open Inference Protocol v2 JSON requests, which the built-in analyzer cannot
flatten by itself: `{"inputs": [{"name": "input", "shape": [n, 4], "data": [...]}]}`. This turns
each captured request into one record per row, named like the baseline's features. Records whose
input is not a v2 JSON request are skipped (an empty list), never guessed.
"""

import json

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def rows_of(request):
    for tensor in request.get("inputs", []):
        if tensor.get("name") != "input":
            continue
        shape, data = tensor.get("shape", []), tensor.get("data", [])
        flat = [value for row in data for value in row] if data and isinstance(data[0], list) else data
        if len(shape) != 2 or shape[1] != len(FEATURES) or len(flat) != shape[0] * shape[1]:
            return []
        return [dict(zip(FEATURES, flat[i * shape[1] : (i + 1) * shape[1]])) for i in range(shape[0])]
    return []


def preprocess_handler(inference_record):
    captured = inference_record.endpoint_input
    if captured.encoding != "JSON":
        return []
    try:
        return rows_of(json.loads(captured.data))
    except (ValueError, TypeError, AttributeError):
        return []
