#!/usr/bin/python3
"""Checks `gradlab-cli export-pytorch` and `gradlab-cli summary --json` against PyTorch itself.

For a varied set of 2D, 3D, recurrent, BN and activation specs: execs the exported source, runs a forward
pass with hooks, and checks for every spec row that the output shape, the learnable parameter count, the BN
running-stat count and the multiplications (derived from the torch modules' weights) equal the inspector's.
For conv / avg-pool stacks it also measures the receptive field: the input positions whose gradient w.r.t.
one central output is non-zero (all weights positive so no ReLU blocks the gradient).

usage: /usr/bin/python3 tests/reference/check_export.py [--require-torch] path/to/gradlab-cli
Prints "N passed, M failed" and exits 1 on any failure. Without torch it exits 0 with a reason, or 1 with
--require-torch (what ./build.sh test passes: it installs python3-torch, so a missing torch is a failure).
"""
import json
import subprocess
import sys

SPECS = [
    "INPUT 3 x 32 x 32, CONV5-10-p2-s1, POOL2, CONV3-16, BN, AVGPOOL2-s1, DROPOUT-0.3, FC-100, FC-10, SOFTMAX",
    "INPUT 1 x 28 x 28\nCONV3-8-p1, TANH\nCONV3-8-p1-s2\nPOOL2-s1-p1\nFLATTEN\nFC-32\nLEAKYRELU-0.1\nFC-10\nSVM-2",
    "INPUT 3 x 8 x 32 x 32, CONV5-16-p2-s1, BN, POOL(1x2x2), CONV(3x1x1)-8-p(1,0,0)-s(1,1,1), AVGPOOL2, FC-5",
    "INPUT 2 x 6 x 20 x 20, CONV(1x3x3)-4-p(0,1,1)-s(1,2,2), CONV(3x3x3)-4-p1, GELU, BN, FC-3, MSE",
    "INPUT SEQ 20 x 4, LSTM-16-seq, GRU-8, FC-1, MSE",
    "INPUT SEQ 12 x 3, RNN-5-seq, FLATTEN, FC-2, BCE",
    "INPUT SEQ 9 x 2, GRU-6-seq, LSTM-7, FC-4, ELU-0.5, FC-3",
    "INPUT 2, FC-16, BN, FC-16, TANH, FC-8, ACT(relu(x)^2 - 0.5*x), FC-8, SIGMOID, DROPOUT-0.1, FC-8, LINEAR, FC-3, SVM",
    "INPUT 5, BN, FC-4, GELU, FC-1, BCE",
    # per-frame 2D CNN, then an LSTM over the frames (FRAMES: C x T x H x W -> T x (C*H*W))
    "INPUT 3 x 8 x 16 x 16, CONV(1x3x3)-8-p(0,1,1), POOL(1x2x2), CONV(1x3x3)-8-p(0,1,1), FRAMES, LSTM-16, FC-10",
]

# Conv / avg-pool stacks for the receptive-field measurement (no max pool: its gradient picks one input).
RF_SPECS = [
    "INPUT 1 x 41 x 41, CONV3-2-p1, CONV3-2-p1, CONV3-2-p1, FC-2",
    "INPUT 1 x 41 x 41, CONV3-2-p1, AVGPOOL2, CONV3-2-p1, FC-2",
    "INPUT 1 x 45 x 45, CONV5-2-s2, CONV3-2, AVGPOOL3-s2, CONV(3x1)-2, FC-2",
    "INPUT 1 x 15 x 31 x 31, CONV(3x1x1)-2-p(1,0,0), CONV3-2-p1-s(1,2,2), AVGPOOL(2x1x1), CONV3-2, FC-2",
]


def run(cli, *args):
    p = subprocess.run([cli, *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"gradlab-cli {' '.join(args[:1])} exited {p.returncode}: {p.stderr.strip()}")
    return p.stdout


def load(cli, spec):
    summary = json.loads(run(cli, "summary", "--json", "--batch", "2", spec))
    source = run(cli, "export-pytorch", spec)
    ns = {}
    exec(compile(source, "<export>", "exec"), ns)
    return summary, ns


def module_mults(torch, nn, m, out):
    """Multiplications per sample by the course's convention, from the module itself."""
    if isinstance(m, (nn.Conv2d, nn.Conv3d)):
        return m.weight.numel() * out[0, 0].numel()
    if isinstance(m, nn.Linear):
        return m.weight.numel()
    if hasattr(m, "rnn"):
        T = m.last_T
        return T * (m.rnn.weight_ih_l0.numel() + m.rnn.weight_hh_l0.numel())
    return 0


def check_spec(torch, nn, cli, spec):
    errors = []
    summary, ns = load(cli, spec)
    model, rows, input_shape = ns["model"], ns["module_rows"], ns["input_shape"]
    layers = summary["layers"]
    mods = list(model.children())
    if len(mods) != len(rows):
        return [f"{len(mods)} modules but {len(rows)} module_rows"]
    outputs = {}

    def hook(i):
        def f(m, inp, out):
            outputs[i] = out
            if hasattr(m, "rnn"):
                m.last_T = inp[0].shape[1]
        return f

    for i, m in enumerate(mods):
        m.register_forward_hook(hook(i))
    torch.manual_seed(0)
    model.train()
    x = torch.randn(2, *input_shape)
    model(x)
    total = 0
    for r, row in enumerate(layers):
        idx = [i for i, rr in enumerate(rows) if rr == r]
        if not idx:
            continue
        name = f"row {r} {row['spec']}"
        got_shape = list(outputs[idx[-1]].shape[1:])
        if got_shape != row["output_shape"]:
            errors.append(f"{name}: torch output {got_shape}, inspector {row['output_shape']}")
        params = sum(p.numel() for i in idx for p in mods[i].parameters())
        total += params
        if params != row["weights"] + row["biases"] + row["bn_params"]:
            errors.append(f"{name}: torch params {params}, inspector {row['weights']} + {row['biases']} + {row['bn_params']}")
        running = sum(b.numel() for i in idx for n, b in mods[i].named_buffers() if n.startswith("running_"))
        if running != row["bn_running"]:
            errors.append(f"{name}: torch running stats {running}, inspector {row['bn_running']}")
        mults = sum(module_mults(torch, nn, mods[i], outputs[i]) for i in idx)
        if mults != row["mults"]:
            errors.append(f"{name}: mults from torch {mults}, inspector {row['mults']}")
    if total != summary["total_params"]:
        errors.append(f"total params: torch {total}, inspector {summary['total_params']}")
    ns["loss_fn"]  # the export names its loss
    return errors


def check_rf(torch, nn, cli, spec):
    errors = []
    summary, ns = load(cli, spec)
    model, rows, input_shape = ns["model"], ns["module_rows"], ns["input_shape"]
    mods = list(model.children())
    with torch.no_grad():
        for m in mods:
            if isinstance(m, (nn.Conv2d, nn.Conv3d)):
                m.weight.fill_(1.0 / m.weight[0].numel())
                m.bias.zero_()
    for r, row in enumerate(summary["layers"]):
        idx = [i for i, rr in enumerate(rows) if rr == r]
        if not idx or row["kind"] not in ("conv", "avgpool", "maxpool"):
            continue
        x = (torch.rand(1, *input_shape) + 0.5).requires_grad_(True)
        out = torch.nn.Sequential(*mods[: idx[-1] + 1])(x)
        centre = tuple(s // 2 for s in out.shape[2:])
        out[(0, 0) + centre].backward()
        nz = x.grad[0].abs().sum(0).nonzero()
        extent = [int(nz[:, a].max() - nz[:, a].min() + 1) for a in range(nz.shape[1])]
        if extent != row["receptive_field"]:
            errors.append(f"row {r} {row['spec']}: measured receptive field {extent}, inspector {row['receptive_field']}")
    return errors


def main():
    args = sys.argv[1:]
    require_torch = "--require-torch" in args
    args = [a for a in args if a != "--require-torch"]
    if len(args) != 1:
        print(__doc__)
        return 2
    try:
        import torch
        import torch.nn as nn
    except ImportError as e:
        print(f"{'FAIL' if require_torch else 'skipped'}: torch is not available ({e}); "
              "run with Debian's /usr/bin/python3 and python3-torch")
        return 1 if require_torch else 0
    cli = args[0]
    passed = failed = 0
    for spec, fn in [(s, check_spec) for s in SPECS] + [(s, check_rf) for s in RF_SPECS]:
        try:
            errors = fn(torch, nn, cli, spec)
        except Exception as e:  # a crash is a failure of that spec, reported, not the end of the run
            errors = [f"{type(e).__name__}: {e}"]
        label = spec.replace("\n", ", ")
        if errors:
            failed += 1
            print(f"FAIL {fn.__name__}: {label}")
            for e in errors:
                print(f"    {e}")
        else:
            passed += 1
            print(f"ok   {fn.__name__}: {label}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
