#!/usr/bin/python3
"""Golden cases for engine/optim (helper test_optim.cpp): PyTorch 1.13 optimizers, gradient clipping and
lr schedulers. Re-runnable and deterministic (fixed seeds); writes tests/reference/cases/optim_*.json.
Run: /usr/bin/python3 tests/reference/gen_optim.py
Each optimizer case has a weight (decay=true, in a group with the case's weight_decay) and a bias
(decay=false, own group with weight_decay 0), a fixed sequence of 5 gradients, and the values after each step."""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
STEPS = 5


def r8(x):
    return float(f"{x:.8g}")


def tj(t):
    t = t.detach().to(torch.float32)
    return {"shape": list(t.shape), "data": [r8(v) for v in t.reshape(-1).tolist()]}


def write(name, obj):
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print(f"{path}: {os.path.getsize(path)} bytes")


def make_opt(kind, params_groups, o):
    if kind in ("sgd", "momentum", "nesterov"):
        return torch.optim.SGD(params_groups, lr=o["lr"], momentum=o.get("momentum", 0.0),
                               dampening=o.get("dampening", 0.0), nesterov=o.get("nesterov", False))
    if kind == "adagrad":
        return torch.optim.Adagrad(params_groups, lr=o["lr"], eps=o["eps"])
    if kind == "rmsprop":
        return torch.optim.RMSprop(params_groups, lr=o["lr"], alpha=o["alpha"], eps=o["eps"])
    if kind == "adam":
        return torch.optim.Adam(params_groups, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"])
    if kind == "adamw":
        return torch.optim.AdamW(params_groups, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"])
    raise ValueError(kind)


def optim_case(name, kind, o, seed):
    g = torch.Generator().manual_seed(seed)
    w = torch.randn(3, 4, generator=g).requires_grad_(True)
    b = torch.randn(4, generator=g).requires_grad_(True)
    init_w, init_b = w.detach().clone(), b.detach().clone()
    grads = [(torch.randn(3, 4, generator=g), torch.randn(4, generator=g) * 0.5) for _ in range(STEPS)]
    opt = make_opt(kind, [{"params": [w], "weight_decay": o.get("weight_decay", 0.0)},
                          {"params": [b], "weight_decay": 0.0}], o)
    after = []
    for gw, gb in grads:
        w.grad = gw.clone()
        b.grad = gb.clone()
        opt.step()
        after.append({"weight": tj(w), "bias": tj(b)})
    write("optim_" + name, {"kind": kind, "desc": o, "weight": tj(init_w), "bias": tj(init_b),
                            "grads": [{"weight": tj(a), "bias": tj(c)} for a, c in grads], "after": after})


def clip_cases():
    g = torch.Generator().manual_seed(11)
    cases = []
    for scale, max_norm, clip in ((1.0, 1.5, 0.7), (0.1, 5.0, 2.0)):
        ga = torch.randn(2, 5, generator=g) * scale
        gb = torch.randn(3, generator=g) * scale
        a = torch.zeros(2, 5, requires_grad=True)
        b = torch.zeros(3, requires_grad=True)
        a.grad, b.grad = ga.clone(), gb.clone()
        norm = torch.nn.utils.clip_grad_norm_([a, b], max_norm)
        by_norm = (a.grad.clone(), b.grad.clone())
        a.grad, b.grad = ga.clone(), gb.clone()
        torch.nn.utils.clip_grad_value_([a, b], clip)
        cases.append({"grads": [tj(ga), tj(gb)], "max_norm": max_norm, "norm": r8(float(norm)),
                      "by_norm": [tj(by_norm[0]), tj(by_norm[1])], "clip": clip,
                      "by_value": [tj(a.grad), tj(b.grad)]})
    write("optim_clip", {"cases": cases})


def sched_cases(n=20):
    cases = []

    def run(desc, build):
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=desc["base_lr"])
        sch = build(opt)
        lrs = []
        for _ in range(n):
            lrs.append(r8(opt.param_groups[0]["lr"]))
            opt.step()
            sch.step()
        cases.append(dict(desc, lrs=lrs))

    S = torch.optim.lr_scheduler
    run({"kind": "constant", "base_lr": 0.1}, lambda o: S.ConstantLR(o, factor=1.0, total_iters=0))
    run({"kind": "step", "base_lr": 0.1, "step_size": 4, "gamma": 0.5}, lambda o: S.StepLR(o, 4, gamma=0.5))
    run({"kind": "exponential", "base_lr": 0.05, "gamma": 0.9}, lambda o: S.ExponentialLR(o, gamma=0.9))
    run({"kind": "cosine", "base_lr": 0.1, "t_max": 8, "eta_min": 0.001},
        lambda o: S.CosineAnnealingLR(o, T_max=8, eta_min=0.001))
    run({"kind": "cosine", "base_lr": 0.2, "t_max": 30, "eta_min": 0.0},
        lambda o: S.CosineAnnealingLR(o, T_max=30, eta_min=0.0))

    def warm(main_build, w, f0):
        def build(o):
            return S.SequentialLR(o, [S.LinearLR(o, start_factor=f0, end_factor=1.0, total_iters=w), main_build(o)],
                                  milestones=[w])
        return build

    run({"kind": "cosine", "base_lr": 0.1, "t_max": 12, "eta_min": 0.0, "warmup_steps": 5, "warmup_start_factor": 0.2},
        warm(lambda o: S.CosineAnnealingLR(o, T_max=12, eta_min=0.0), 5, 0.2))
    run({"kind": "step", "base_lr": 0.1, "step_size": 3, "gamma": 0.5, "warmup_steps": 4, "warmup_start_factor": 0.1},
        warm(lambda o: S.StepLR(o, 3, gamma=0.5), 4, 0.1))
    run({"kind": "constant", "base_lr": 0.3, "warmup_steps": 6, "warmup_start_factor": 0.5},
        warm(lambda o: S.ConstantLR(o, factor=1.0, total_iters=0), 6, 0.5))
    write("optim_sched", {"cases": cases})


def main():
    torch.manual_seed(0)
    os.makedirs(OUT, exist_ok=True)
    sgd = {"lr": 0.1}
    mom = {"lr": 0.1, "momentum": 0.9}
    ada = {"lr": 0.1, "eps": 1e-10}
    rms = {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}
    adam = {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    cases = [
        ("sgd", "sgd", sgd), ("sgd_wd", "sgd", dict(sgd, weight_decay=0.1)),
        ("momentum", "momentum", mom), ("momentum_wd", "momentum", dict(mom, weight_decay=0.05)),
        ("momentum_damp", "momentum", dict(mom, dampening=0.3)),
        ("nesterov", "nesterov", dict(mom, nesterov=True)),
        ("nesterov_wd", "nesterov", dict(mom, nesterov=True, weight_decay=0.05)),
        ("adagrad", "adagrad", ada), ("adagrad_wd", "adagrad", dict(ada, weight_decay=0.1)),
        ("rmsprop", "rmsprop", rms), ("rmsprop_wd", "rmsprop", dict(rms, weight_decay=0.1)),
        ("adam", "adam", adam), ("adam_wd", "adam", dict(adam, weight_decay=0.1)),
        ("adam_betas", "adam", dict(adam, beta1=0.5, beta2=0.9, lr=0.05)),
        ("adamw", "adamw", dict(adam, weight_decay=0.0)), ("adamw_wd", "adamw", dict(adam, weight_decay=0.5)),
    ]
    for i, (name, kind, o) in enumerate(cases):
        optim_case(name, kind, o, seed=100 + i)
    clip_cases()
    sched_cases()


if __name__ == "__main__":
    main()
