#!/usr/bin/python3
"""Writes PyTorch golden cases for the feed-forward layers and the losses into tests/reference/cases/:
layer_<name>.json (desc, input, params, dout -> output, dinp, param grads, and for batch norm the running
stats after the step) and loss_<name>.json (scores, targets -> loss, dscores). Deterministic (fixed seeds);
computed in float64 from values already rounded as stored, so references carry no float32 noise of their own.
Dense and conv cases use dyadic values (inputs, dout multiples of 1/32, weights of 1/64): every product and
partial sum is then exact in float32, so the comparison sees indexing mistakes and not summation-order noise
(which otherwise reaches ~3e-4 relative error on outputs that cancel to near zero, and differs native vs WASM).
Re-run: /usr/bin/python3 tests/reference/gen_layers.py"""
import json
import math
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")


def r8(x):
    """Rounded to 8 significant digits, the value stored in JSON (and read back by the test)."""
    return float(f"{float(x):.8g}")


def tensor_json(t):
    return {"shape": list(t.shape), "data": [r8(v) for v in t.detach().reshape(-1).tolist()]}


def stored(shape, gen, scale=1.0, quant=None):
    """Random normal values, rounded as stored (or to multiples of quant, to make ties), float64."""
    t = torch.randn(*shape, generator=gen, dtype=torch.float32).double() * scale
    if quant:
        t = torch.round(t / quant) * quant
    return torch.tensor([r8(v) for v in t.reshape(-1).tolist()], dtype=torch.float64).reshape(shape)


def per_axis(v, n):
    return list(v) if isinstance(v, (list, tuple)) else [v] * n


def write(name, case):
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump(case, f, separators=(",", ":"))
        f.write("\n")
    return os.path.getsize(path)


DY = 1.0 / 32  # dyadic step for dense / conv inputs and dout
DW = 1.0 / 64  # dyadic step for dense / conv weights and biases


def run_layer(name, desc, inp, fn, params, gen, train=True, buffers=None, buffers_init=None, dout_quant=None):
    """fn(x, params) -> out. Records output, dinp and param grads for a random dout."""
    x = inp.clone().requires_grad_(True)
    ps = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    out = fn(x, ps)
    dout = stored(tuple(out.shape), gen, quant=dout_quant)
    out.backward(dout)
    case = {"desc": dict(desc, train=train), "input": tensor_json(inp),
            "params": {k: tensor_json(v) for k, v in params.items()},
            "dout": tensor_json(dout), "output": tensor_json(out), "dinp": tensor_json(x.grad),
            "grads": {k: tensor_json(v.grad) for k, v in ps.items()}}
    if buffers_init is not None:
        case["buffers_init"] = {k: tensor_json(v) for k, v in buffers_init.items()}
    if buffers is not None:
        case["buffers"] = {k: tensor_json(v) for k, v in buffers.items()}
    return write("layer_" + name, case)


def dense_cases(gen):
    for name, n, in_shape, units, bias in [("dense_basic", 4, (7,), 5, True), ("dense_flat_nobias", 3, (2, 3, 2), 4, False)]:
        d_in = math.prod(in_shape)
        params = {"weight": stored((units, d_in), gen, 0.5, DW)}
        if bias:
            params["bias"] = stored((units,), gen, 0.5, DW)
        inp = stored((n,) + in_shape, gen, 1.0, DY)
        run_layer(name, {"kind": "dense", "units": units, "bias": bias}, inp,
                  lambda x, p: F.linear(x.reshape(x.shape[0], -1), p["weight"], p.get("bias")), params, gen,
                  dout_quant=DY)


def conv_cases(gen):
    # name, N, C_in, spatial, C_out, kernel, stride, pad, bias
    cfgs = [("conv2d_k3_p1", 2, 3, (7, 6), 4, 3, 1, 1, True),
            ("conv2d_rect_s2", 2, 2, (9, 8), 3, [3, 2], 2, [1, 0], True),
            ("conv2d_1x1", 3, 4, (5, 5), 3, 1, 1, 0, True),
            ("conv2d_k5_s3_p2_nobias", 2, 2, (8, 7), 2, 5, 3, 2, False),
            ("conv3d_k3_p1", 2, 2, (3, 4, 4), 3, 3, 1, 1, True),
            ("conv3d_mixed", 1, 3, (5, 6, 4), 2, [2, 3, 2], [2, 1, 2], [0, 1, 1], True)]
    for name, n, c, sp, co, k, s, p, bias in cfgs:
        nd = len(sp)
        ks = per_axis(k, nd)
        params = {"weight": stored((co, c, *ks), gen, 0.4, DW)}
        if bias:
            params["bias"] = stored((co,), gen, 0.5, DW)
        inp = stored((n, c) + sp, gen, 1.0, DY)
        conv = F.conv2d if nd == 2 else F.conv3d
        desc = {"kind": "conv", "units": co, "kernel": per_axis(k, 1) if not isinstance(k, list) else k,
                "stride": [s] if not isinstance(s, list) else s, "pad": [p] if not isinstance(p, list) else p,
                "bias": bias}
        run_layer(name, desc, inp, lambda x, q, conv=conv, s=s, p=p: conv(x, q["weight"], q.get("bias"),
                                                                          stride=s, padding=p), params, gen,
                  dout_quant=DY)


def pool_cases(gen):
    cfgs = [("maxpool2d_k2_s2", "maxpool", 2, 3, (6, 6), 2, 2, 0, None),
            ("maxpool2d_k3_s2_p1", "maxpool", 2, 2, (7, 7), 3, 2, 1, None),
            ("maxpool2d_rect", "maxpool", 1, 2, (5, 6), [3, 2], [1, 2], [1, 0], None),
            ("maxpool2d_ties", "maxpool", 2, 2, (6, 5), 2, 1, 0, 1.0),
            ("maxpool3d_k2_s2", "maxpool", 2, 2, (4, 4, 4), 2, 2, 0, None),
            ("maxpool3d_k3_s2_p1", "maxpool", 1, 2, (5, 6, 5), 3, 2, 1, None),
            ("avgpool2d_k2_s2", "avgpool", 2, 3, (6, 6), 2, 2, 0, None),
            ("avgpool2d_k3_s2_p1", "avgpool", 2, 2, (7, 6), 3, 2, 1, None),
            ("avgpool3d_mixed", "avgpool", 2, 2, (4, 5, 5), [2, 3, 3], [1, 2, 2], [1, 1, 1], None)]
    for name, kind, n, c, sp, k, s, p, quant in cfgs:
        nd = len(sp)
        inp = stored((n, c) + sp, gen, quant=quant)
        if kind == "maxpool":
            fn = F.max_pool2d if nd == 2 else F.max_pool3d
            f = lambda x, q, fn=fn, k=k, s=s, p=p: fn(x, k, s, p)
        else:
            fn = F.avg_pool2d if nd == 2 else F.avg_pool3d
            f = lambda x, q, fn=fn, k=k, s=s, p=p: fn(x, k, s, p, count_include_pad=True)
        desc = {"kind": kind, "kernel": k if isinstance(k, list) else [k], "stride": s if isinstance(s, list) else [s],
                "pad": p if isinstance(p, list) else [p]}
        run_layer(name, desc, inp, f, {}, gen)


def batchnorm_cases(gen):
    cfgs = [("batchnorm1d_train", (6, 5), True), ("batchnorm2d_train", (3, 4, 5, 3), True),
            ("batchnorm3d_train", (2, 3, 3, 4, 2), True), ("batchnorm2d_eval", (2, 3, 4, 4), False),
            ("batchnorm1d_eval", (4, 6), False)]
    for name, shape, train in cfgs:
        c = shape[1]
        params = {"gamma": 1.0 + stored((c,), gen, 0.3), "beta": stored((c,), gen, 0.3)}
        inp = stored(shape, gen, 1.5) + 0.5
        rm = stored((c,), gen, 0.3)
        rv = 0.5 + torch.abs(stored((c,), gen, 0.5))
        rm = torch.tensor([r8(v) for v in rm.tolist()], dtype=torch.float64)
        rv = torch.tensor([r8(v) for v in rv.tolist()], dtype=torch.float64)
        state = {"rm": rm.clone(), "rv": rv.clone()}

        def fn(x, q, train=train, state=state):
            return F.batch_norm(x, state["rm"], state["rv"], q["gamma"], q["beta"], training=train, momentum=0.1,
                                eps=1e-5)
        run_layer(name, {"kind": "batchnorm"}, inp, fn, params, gen, train=train,
                  buffers={"running_mean": state["rm"], "running_var": state["rv"]},
                  buffers_init={"running_mean": rm, "running_var": rv})


def misc_cases(gen):
    inp = stored((3, 4, 5), gen)
    run_layer("dropout_eval", {"kind": "dropout", "dropout_p": 0.5}, inp, lambda x, q: F.dropout(x, 0.5, False), {},
              gen, train=False)
    run_layer("dropout_p0_train", {"kind": "dropout", "dropout_p": 0.0}, inp, lambda x, q: F.dropout(x, 0.0, True), {},
              gen, train=True)
    run_layer("flatten", {"kind": "flatten"}, stored((2, 3, 4, 5), gen), lambda x, q: torch.flatten(x, 1), {}, gen)
    acts = [("linear", None, lambda x: x), ("relu", None, F.relu), ("leakyrelu", 0.1, lambda x: F.leaky_relu(x, 0.1)),
            ("sigmoid", None, torch.sigmoid), ("tanh", None, torch.tanh), ("elu", None, lambda x: F.elu(x, 1.0)),
            ("elu", 0.5, lambda x: F.elu(x, 0.5)), ("gelu", None, F.gelu)]
    for act, param, f in acts:
        x = stored((3, 4, 5), gen, 2.0)
        x[0, 0, :3] = torch.tensor([30.0, -30.0, 0.25], dtype=torch.float64)  # saturated tails
        desc = {"kind": "activation", "act": act}
        if param is not None:
            desc["act_param"] = param
        name = "act_" + act + ("" if param is None or act == "leakyrelu" else "_alpha" + str(param).replace(".", "p"))
        run_layer(name, desc, x, lambda x, q, f=f: f(x), {}, gen)


def frames_cases(gen):
    """FRAMES: a clip N x C x T x H x W as frames N x T x (C*H*W) (own generator: the other cases keep theirs)."""
    run_layer("frames", {"kind": "frames"}, stored((2, 3, 4, 2, 3), gen), lambda x, q: x.permute(0, 2, 1, 3, 4).flatten(2),
              {}, gen)


def loss_cases(gen):
    def emit(name, kind, scores, targets, fn, margin=None):
        s = scores.clone().requires_grad_(True)
        loss = fn(s)
        loss.backward()
        case = {"kind": kind, "scores": tensor_json(scores), "targets": tensor_json(targets),
                "loss": r8(loss.item()), "dscores": tensor_json(s.grad)}
        if margin is not None:
            case["margin"] = margin
        write("loss_" + name, case)

    def svm(s, y, m):
        sy = s.gather(1, y.long().view(-1, 1))
        marg = F.relu(s - sy + m)
        mask = torch.ones_like(s).scatter_(1, y.long().view(-1, 1), 0.0)
        return (marg * mask).sum() / s.shape[0]

    for name, n, c, scale in [("softmax_basic", 5, 4, 1.0), ("softmax_large", 4, 6, 40.0)]:
        s = stored((n, c), gen, scale)
        y = torch.randint(0, c, (n,), generator=gen).double()
        emit(name, "softmax", s, y, lambda s, y=y: F.cross_entropy(s, y.long()))
    for name, m in [("svm_margin1", 1.0), ("svm_margin0p5", 0.5)]:
        s = stored((6, 5), gen)
        y = torch.randint(0, 5, (6,), generator=gen).double()
        emit(name, "svm", s, y, lambda s, y=y, m=m: svm(s, y, m), margin=m)
    s, t = stored((4, 3), gen), stored((4, 3), gen)
    emit("mse", "mse", s, t, lambda s, t=t: F.mse_loss(s, t))
    s = stored((5, 3), gen, 4.0)
    s[0, :2] = torch.tensor([60.0, -60.0], dtype=torch.float64)
    t = torch.randint(0, 2, (5, 3), generator=gen).double()
    t[1, 0] = 0.3  # soft target
    emit("bce", "bce", s, t, lambda s, t=t: F.binary_cross_entropy_with_logits(s, t))


def main():
    os.makedirs(OUT, exist_ok=True)
    gen = torch.Generator().manual_seed(231)
    dense_cases(gen)
    conv_cases(gen)
    pool_cases(gen)
    batchnorm_cases(gen)
    misc_cases(gen)
    loss_cases(gen)
    frames_cases(torch.Generator().manual_seed(232))
    files = sorted(f for f in os.listdir(OUT) if f.startswith(("layer_", "loss_")))
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in files)
    print(f"wrote {len(files)} cases, {total} bytes, largest "
          f"{max(os.path.getsize(os.path.join(OUT, f)) for f in files)} bytes")


if __name__ == "__main__":
    main()
