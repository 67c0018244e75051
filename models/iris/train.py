#!/usr/bin/python3
"""Train the Iris example model and write it as a Triton model repository.

Run from anywhere with the Debian Python (it has numpy and onnx):

    /usr/bin/python3 models/iris/train.py

The script is deterministic: a fixed seed drives the split and full-batch gradient descent has no
other randomness, so every run writes byte-identical files. Outputs, relative to this directory:

    repository/iris/1/model.onnx   the model (served by Triton on SageMaker and by ONNX Runtime in Lambda)
    repository/iris/config.pbtxt   Triton model configuration
    sample-request.json            Open Inference Protocol v2 request with two held-out rows
    heldout.json                   the 30 held-out rows and their labels
"""

import csv
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_NAME = "iris"
MODEL_VERSION = "1"
LABELS = ["setosa", "versicolor", "virginica"]
FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
SEED = 20240601
HELDOUT_PER_CLASS = 10
MAX_BATCH_SIZE = 64

# Training hyper-parameters (softmax regression, full-batch gradient descent, L2 penalty).
LEARNING_RATE = 0.5
EPOCHS = 3000
L2 = 1e-3

OPSET = 13
IR_VERSION = 8


def load_data():
    with open(os.path.join(HERE, "data", "iris.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    features = [[float(r[name]) for name in FEATURES] for r in rows]
    labels = [int(r["species"]) for r in rows]
    return features, labels


def stratified_split(labels):
    """Return sorted (train, held-out) row indices with HELDOUT_PER_CLASS rows of each class held out."""
    rng = np.random.RandomState(SEED)
    labels = np.asarray(labels)
    heldout = []
    for cls in range(len(LABELS)):
        members = np.flatnonzero(labels == cls)
        heldout.extend(rng.permutation(members)[:HELDOUT_PER_CLASS].tolist())
    heldout = sorted(heldout)
    held = set(heldout)
    train = [i for i in range(len(labels)) if i not in held]
    return train, heldout


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def train(x, y):
    """Fit multinomial logistic regression on standardised features; return (mean, scale, W, b)."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    xs = (x - mean) / scale
    n, d = xs.shape
    k = len(LABELS)
    onehot = np.eye(k)[y]
    w = np.zeros((d, k))
    b = np.zeros(k)
    for _ in range(EPOCHS):
        p = softmax(xs @ w + b)
        grad = p - onehot
        w -= LEARNING_RATE * (xs.T @ grad / n + L2 * w)
        b -= LEARNING_RATE * grad.mean(axis=0)
    return mean, scale, w, b


def predict_float32(mean, scale, w, b, x):
    """The same arithmetic as the ONNX graph, in float32."""
    f = np.float32
    z = ((x.astype(f) - mean.astype(f)) / scale.astype(f)) @ w.astype(f) + b.astype(f)
    return softmax(z).argmax(axis=1)


def build_onnx(mean, scale, w, b):
    f32 = np.float32
    initializers = [
        numpy_helper.from_array(mean.astype(f32), "feature_mean"),
        numpy_helper.from_array(scale.astype(f32), "feature_scale"),
        numpy_helper.from_array(w.astype(f32), "weights"),
        numpy_helper.from_array(b.astype(f32), "bias"),
    ]
    nodes = [
        helper.make_node("Sub", ["input", "feature_mean"], ["centered"], name="center"),
        helper.make_node("Div", ["centered", "feature_scale"], ["standardized"], name="standardize"),
        helper.make_node("MatMul", ["standardized", "weights"], ["linear"], name="project"),
        helper.make_node("Add", ["linear", "bias"], ["logits"], name="add_bias"),
        helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["label"], name="argmax", axis=1, keepdims=0),
    ]
    graph = helper.make_graph(
        nodes,
        "iris_logistic_regression",
        inputs=[
            helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", len(FEATURES)]),
        ],
        outputs=[
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", len(LABELS)]),
            helper.make_tensor_value_info("label", TensorProto.INT64, ["batch"]),
        ],
        initializer=initializers,
        doc_string="Multinomial logistic regression over standardised Iris measurements.",
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="models/iris/train.py",
        producer_version=MODEL_VERSION,
        model_version=int(MODEL_VERSION),
        doc_string=(
            "Iris species classifier. Input 'input': float32 [batch, 4] = "
            + ", ".join(FEATURES)
            + " in cm. Outputs 'probabilities': float32 [batch, 3] and 'label': int64 [batch], "
            + "class index into labels (" + ", ".join(LABELS) + ")."
        ),
    )
    model.ir_version = IR_VERSION
    helper.set_model_props(
        model,
        {
            "name": MODEL_NAME,
            "version": MODEL_VERSION,
            "dataset": "Iris (R. A. Fisher, 1936; UCI Machine Learning Repository, "
            "https://doi.org/10.24432/C56C76; CC BY 4.0)",
            "features": ",".join(FEATURES),
            "labels": ",".join(LABELS),
        },
    )
    onnx.checker.check_model(model, full_check=True)
    return model


TRITON_CONFIG = """\
# Triton model configuration, written by models/iris/train.py.
# With max_batch_size > 0, dims exclude the leading batch dimension. The ONNX output "label"
# has shape [batch] (no dimension besides the batch), so it is exposed as [1] and reshaped to [].
name: "{name}"
backend: "onnxruntime"
max_batch_size: {max_batch}
input [
  {{
    name: "input"
    data_type: TYPE_FP32
    dims: [ {n_features} ]
  }}
]
output [
  {{
    name: "probabilities"
    data_type: TYPE_FP32
    dims: [ {n_labels} ]
  }},
  {{
    name: "label"
    data_type: TYPE_INT64
    dims: [ 1 ]
    reshape: {{ shape: [ ] }}
  }}
]
version_policy: {{ specific: {{ versions: [ {version} ] }} }}
dynamic_batching {{ }}
"""


def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as f:
        f.write(text)


def json_text(value):
    """JSON in the layout Prettier gives it: objects broken across lines, short arrays inline."""
    if isinstance(value, dict):
        return value_block(value, 0) + "\n"
    raise TypeError("top-level value must be an object")


def value_block(value, indent):
    pad = "  " * (indent + 1)
    if isinstance(value, dict):
        items = [pad + json.dumps(k) + ": " + value_block(v, indent + 1) for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
    if isinstance(value, list):
        if all(isinstance(v, dict) for v in value) and value:
            items = [pad + value_block(v, indent + 1) for v in value]
            return "[\n" + ",\n".join(items) + "\n" + "  " * indent + "]"
        if all(isinstance(v, list) for v in value) and value:
            items = [pad + json.dumps(v, separators=(", ", ": ")) for v in value]
            return "[\n" + ",\n".join(items) + "\n" + "  " * indent + "]"
        return json.dumps(value, separators=(", ", ": "))
    return json.dumps(value)


def main():
    features, labels = load_data()
    x = np.asarray(features, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)
    train_idx, heldout_idx = stratified_split(labels)

    mean, scale, w, b = train(x[train_idx], y[train_idx])
    train_acc = float((predict_float32(mean, scale, w, b, x[train_idx]) == y[train_idx]).mean())
    heldout_pred = predict_float32(mean, scale, w, b, x[heldout_idx])
    heldout_acc = float((heldout_pred == y[heldout_idx]).mean())

    model = build_onnx(mean, scale, w, b)
    repo = os.path.join(HERE, "repository", MODEL_NAME)
    model_path = os.path.join(repo, MODEL_VERSION, "model.onnx")
    os.makedirs(os.path.dirname(model_path), exist_ok=True)
    with open(model_path, "wb") as f:
        f.write(model.SerializeToString())
    write_text(
        os.path.join(repo, "config.pbtxt"),
        TRITON_CONFIG.format(
            name=MODEL_NAME,
            max_batch=MAX_BATCH_SIZE,
            n_features=len(FEATURES),
            n_labels=len(LABELS),
            version=MODEL_VERSION,
        ),
    )

    heldout = {
        "features": [features[i] for i in heldout_idx],
        "labels": [labels[i] for i in heldout_idx],
    }
    write_text(os.path.join(HERE, "heldout.json"), json_text(heldout))

    # Two correctly classified held-out rows of different classes: the first setosa and the first virginica.
    sample_rows = []
    for cls in (0, 2):
        for pos, i in enumerate(heldout_idx):
            if labels[i] == cls and heldout_pred[pos] == cls:
                sample_rows.append(i)
                break
    sample = {
        "inputs": [
            {
                "name": "input",
                "shape": [len(sample_rows), len(FEATURES)],
                "datatype": "FP32",
                "data": [v for i in sample_rows for v in features[i]],
            }
        ]
    }
    write_text(os.path.join(HERE, "sample-request.json"), json_text(sample))

    print("rows: train %d, held-out %d" % (len(train_idx), len(heldout_idx)))
    print("train accuracy:    %.4f" % train_acc)
    print("held-out accuracy: %.4f" % heldout_acc)
    print("sample rows (0-based CSV data rows): %s -> expected labels %s" % (sample_rows, [labels[i] for i in sample_rows]))
    print("wrote " + os.path.relpath(model_path, HERE))


if __name__ == "__main__":
    main()
