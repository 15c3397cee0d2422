#!/usr/bin/python3
"""Writes PyTorch golden cases for the recurrent layers (nn.RNN / nn.LSTM / nn.GRU, batch_first, one layer)
into tests/reference/cases/{rnn,lstm,gru}_*.json: given input, parameters and dout, the expected output, dinp
and the four parameter gradients. Deterministic (fixed seeds); computed in float64 from float32-rounded
values, so the references carry no float32 noise of their own. Re-run: /usr/bin/python3 gen_recurrent.py"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")

# (name suffix, N, T, D, H, return_sequences)
CONFIGS = [
    ("t1_n1", 1, 1, 3, 2, False),
    ("t4_seq", 3, 4, 5, 4, True),
    ("t6_last", 2, 6, 3, 7, False),
    ("t7_seq_odd", 2, 7, 5, 3, True),
]
MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


def r8(x):
    """float32 rounded to 8 significant digits, the value stored in JSON (and read back by the test)."""
    return float(f"{float(x):.8g}")


def tensor_json(t):
    return {"shape": list(t.shape), "data": [r8(v) for v in t.detach().reshape(-1).tolist()]}


def stored(shape, gen, scale):
    """Random float32 values, rounded as they will be stored, as a float64 tensor."""
    t = (torch.randn(*shape, generator=gen, dtype=torch.float32) * scale).double()
    return torch.tensor([r8(v) for v in t.reshape(-1).tolist()], dtype=torch.float64).reshape(shape)


def make_case(kind, suffix, n, t, d, h, seq, seed):
    gen = torch.Generator().manual_seed(seed)
    gates = {"rnn": 1, "lstm": 4, "gru": 3}[kind]
    mod = MODULES[kind](input_size=d, hidden_size=h, num_layers=1, batch_first=True).double()
    params = {
        "weight_ih": stored((gates * h, d), gen, 0.5),
        "weight_hh": stored((gates * h, h), gen, 0.5),
        "bias_ih": stored((gates * h,), gen, 0.3),
        "bias_hh": stored((gates * h,), gen, 0.3),
    }
    with torch.no_grad():
        for name, v in params.items():
            getattr(mod, name + "_l0").copy_(v)
    inp = stored((n, t, d), gen, 1.0).requires_grad_(True)
    seq_out, _ = mod(inp)  # N x T x H
    out = seq_out if seq else seq_out[:, -1, :]
    dout = stored(tuple(out.shape), gen, 1.0)
    out.backward(dout)
    case = {
        "kind": kind, "N": n, "T": t, "D": d, "H": h, "return_sequences": seq,
        "input": tensor_json(inp),
        **{name: tensor_json(v) for name, v in params.items()},
        "dout": tensor_json(dout),
        "output": tensor_json(out),
        "dinp": tensor_json(inp.grad),
        **{"grad_" + name: tensor_json(getattr(mod, name + "_l0").grad) for name in params},
    }
    path = os.path.join(OUT, f"{kind}_{suffix}.json")
    with open(path, "w") as f:
        json.dump(case, f, separators=(",", ":"))
        f.write("\n")
    return path


def main():
    os.makedirs(OUT, exist_ok=True)
    seed = 1000
    for kind in MODULES:
        for suffix, n, t, d, h, seq in CONFIGS:
            seed += 1
            path = make_case(kind, suffix, n, t, d, h, seq, seed)
            print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
