#!/usr/bin/python3
# Golden cases for the expression engine (engine/expr): each formula, written once in GradLab's syntax, is
# evaluated by PyTorch autograd on float64 scalars at a few fixed random points (Python's own operator
# precedence matches ours once '^' becomes '**'). Writes tests/reference/cases/expr_ops.json (every op)
# and expr_composite.json. Points avoid ties of max/min and the kinks of relu/abs, where PyTorch's
# conventions differ from ours (those are tested separately). Re-run: /usr/bin/python3 gen_expr.py
import json
import os
import random

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")


def T(v):
    return v if torch.is_tensor(v) else torch.tensor(float(v), dtype=torch.float64)


NS = {
    "max": lambda a, b: torch.maximum(T(a), T(b)),
    "min": lambda a, b: torch.minimum(T(a), T(b)),
    "exp": lambda a: torch.exp(T(a)),
    "log": lambda a: torch.log(T(a)),
    "sqrt": lambda a: torch.sqrt(T(a)),
    "abs": lambda a: torch.abs(T(a)),
    "tanh": lambda a: torch.tanh(T(a)),
    "sigmoid": lambda a: torch.sigmoid(T(a)),
    "relu": lambda a: torch.relu(T(a)),
}

# (formula, {var: (lo, hi)} (default (-2, 2)), extra validity check on a point or None)
OPS = [
    ("x + y", {}, None),
    ("x - y", {}, None),
    ("x * y", {}, None),
    ("x / y", {"y": (0.3, 2.0)}, None),
    ("x ^ y", {"x": (0.2, 2.5)}, None),
    ("x ^ 3", {}, None),
    ("2 ^ x", {}, None),
    ("x ^ 0.5", {"x": (0.1, 3.0)}, None),
    ("-x", {}, None),
    ("max(x, y)", {}, lambda p: abs(p["x"] - p["y"]) > 0.1),
    ("min(x, y)", {}, lambda p: abs(p["x"] - p["y"]) > 0.1),
    ("exp(x)", {}, None),
    ("log(x)", {"x": (0.05, 4.0)}, None),
    ("sqrt(x)", {"x": (0.05, 4.0)}, None),
    ("abs(x)", {}, lambda p: abs(p["x"]) > 0.1),
    ("tanh(x)", {}, None),
    ("sigmoid(x)", {"x": (-6.0, 6.0)}, None),
    ("relu(x)", {}, lambda p: abs(p["x"]) > 0.1),
]

COMPOSITE = [
    ("(x + y) * z", {}, None),
    ("1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))", {}, None),
    ("max(w2*(w0*x0 + w1*x1 + b0) + b1, 0)", {}, lambda p: abs(p["w2"] * (p["w0"] * p["x0"] + p["w1"] * p["x1"] + p["b0"]) + p["b1"]) > 0.1),
    ("x*x + x*y", {}, None),
    ("x * sigmoid(x)", {}, None),
    ("log(1 + exp(x)) - tanh(y) * x^2", {}, None),
    ("sqrt(x^2 + y^2)", {}, lambda p: p["x"] ** 2 + p["y"] ** 2 > 0.1),
    ("(a - b)^2 / (2*c) + abs(a*b)", {"c": (0.5, 2.0)}, lambda p: abs(p["a"] * p["b"]) > 0.1),
    ("min(exp(-x), y/2) * relu(x - y)", {}, lambda p: abs(p["x"] - p["y"]) > 0.1 and abs(math_exp(-p["x"]) - p["y"] / 2) > 0.1),
    ("2^3^x", {"x": (-1.0, 0.8)}, None),
    ("-x^2 + x - y - z", {}, None),
    ("x / y / z", {"y": (0.5, 2.0), "z": (0.5, 2.0)}, None),
    ("1e-3*x + .5*y - 2.5E+1*x*y", {}, None),
    ("sigmoid(tanh(x) * 3) - 1/x", {"x": (0.3, 2.0)}, None),
    ("x^-2 * exp(-y) + max(x, y)^2", {"x": (0.3, 2.0)}, lambda p: abs(p["x"] - p["y"]) > 0.1),
]


def math_exp(v):
    import math
    return math.exp(v)


def variables(formula):
    names, i = [], 0
    while i < len(formula):
        c = formula[i]
        if c.isalpha() or c == "_":
            j = i
            while j < len(formula) and (formula[j].isalnum() or formula[j] == "_"):
                j += 1
            name = formula[i:j]
            prev = formula[i - 1] if i > 0 else " "
            # skip function names and the exponent letter of a number like 1e-3 / 2.5E+1
            if name not in NS and not (name[0] in "eE" and (prev.isdigit() or prev == ".")) and name not in names:
                names.append(name)
            i = j
        else:
            i += 1
    return names


def r8(v):
    return float("%.9g" % v)


def make_case(formula, ranges, valid, rng, points=4):
    names = variables(formula)
    inputs, values, grads = [], [], []
    while len(values) < points:
        p = {n: rng.uniform(*ranges.get(n, (-2.0, 2.0))) for n in names}
        p = {n: r8(v) for n, v in p.items()}
        if valid is not None and not valid(p):
            continue
        xs = {n: torch.tensor(p[n], dtype=torch.float64, requires_grad=True) for n in names}
        f = eval(formula.replace("^", "**"), {"__builtins__": {}}, dict(NS, **xs))
        g = torch.autograd.grad(f, [xs[n] for n in names], allow_unused=True)
        inputs += [p[n] for n in names]
        values.append(r8(f.item()))
        grads += [r8(0.0 if gi is None else gi.item()) for gi in g]
    k = len(names)
    return {
        "formula": formula,
        "vars": names,
        "inputs": {"shape": [points, k], "data": inputs},
        "value": {"shape": [points], "data": values},
        "grad": {"shape": [points, k], "data": grads},
    }


def write(name, table, seed):
    rng = random.Random(seed)
    cases = [make_case(f, r, v, rng) for f, r, v in table]
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as fh:
        json.dump({"source": "tests/reference/gen_expr.py (torch %s, float64 autograd)" % torch.__version__,
                   "cases": cases}, fh, separators=(",", ":"))
        fh.write("\n")
    print("wrote %s: %d cases, %d bytes" % (path, len(cases), os.path.getsize(path)))


if __name__ == "__main__":
    torch.manual_seed(0)
    write("expr_ops", OPS, 1)
    write("expr_composite", COMPOSITE, 2)
