// export_pytorch_run (run_export.h): the script is export_pytorch(spec), then the run and the data as JSON
// literals, then the fixed training program below (kProgram), which mirrors Trainer::step. Not here: the
// model's modules (engine/spec/export_pytorch.cpp).
#include "engine/train/run_export.h"

#include <algorithm>

#include "engine/core/check.h"
#include "engine/spec/export_pytorch.h"

namespace gl {

namespace {

// The training program appended to every exported run (see the header of a generated script).
const char* const kProgram = R"PY(
import argparse
import base64
import json
import math
import os
import struct
import sys
import time

import torch.distributed as dist
import torch.nn.functional as F

# ---- GradLab's numbers, reproduced ------------------------------------------------------------------------
MASK32 = 0xFFFFFFFF


def f32(x):
    """x rounded to float32, as GradLab stores every setting."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


class Rng:
    """GradLab's xoshiro128** stream (engine/core/rng.h); the batch order of every epoch is drawn from it."""

    def __init__(self, state):
        self.s = [int(v) for v in state["s"]]
        self.has_spare = bool(state["has_spare"])
        self.spare = float(state["spare"])

    def state(self):
        return {"s": list(self.s), "has_spare": self.has_spare, "spare": self.spare}

    def next_u32(self):
        s = self.s
        x = (s[1] * 5) & MASK32
        result = ((((x << 7) | (x >> 25)) & MASK32) * 9) & MASK32
        t = (s[1] << 9) & MASK32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = ((s[3] << 11) | (s[3] >> 21)) & MASK32
        return result

    def below(self, n):
        return (self.next_u32() * n) >> 32


class GradLabDropout(nn.Module):
    """Inverted dropout drawing its masks from GradLab's stream for this layer (engine/layers/dropout.cpp:
    keep a unit when uniform() >= p, in row-major order over the whole global batch), so runs with dropout
    continue with the same masks. Each process of a torchrun draws the global batch's mask and keeps its rows."""

    def __init__(self, p, rng):
        super().__init__()
        self.p, self.rng = f32(p), rng
        self.rows = None  # (first row of this process's share, rows of the global batch), set before forward

    def forward(self, x):
        if not self.training:
            return x
        first, total = self.rows if self.rows else (0, x.shape[0])
        per = x[0].numel()
        keep = f32(1.0 / f32(1.0 - self.p)) if self.p < 1.0 else 0.0
        below = self.p * 16777216.0  # uniform() = (u32 >> 8) / 2^24 >= p  <=>  (u32 >> 8) >= p * 2^24
        draws = [keep if (self.rng.next_u32() >> 8) >= below else 0.0 for _ in range(total * per)]
        mask = torch.tensor(draws[first * per:(first + x.shape[0]) * per], dtype=x.dtype, device=x.device)
        return x * mask.reshape(x.shape)

    def extra_repr(self):
        return f"p={self.p}, GradLab's mask stream"


class _GlobalBatchNormFn(torch.autograd.Function):
    """y = xhat * weight + bias with mean and 1/std of the GLOBAL batch (all processes); backward all-reduces
    the two per-channel sums the input gradient needs (a CPU stand-in for nn.SyncBatchNorm, which needs CUDA)."""

    @staticmethod
    def forward(ctx, x, weight, bias, mean, invstd, count):
        shape = [1, -1] + [1] * (x.dim() - 2)
        xhat = ((x.double() - mean.reshape(shape)) * invstd.reshape(shape)).float()
        ctx.save_for_backward(xhat, weight, invstd)
        ctx.count = count
        return xhat * weight.reshape(shape) + bias.reshape(shape)

    @staticmethod
    def backward(ctx, dy):
        xhat, weight, invstd = ctx.saved_tensors
        dims = [0] + list(range(2, dy.dim()))
        shape = [1, -1] + [1] * (dy.dim() - 2)
        sum_dy, sum_dy_xhat = dy.double().sum(dims), (dy.double() * xhat.double()).sum(dims)
        both = torch.cat([sum_dy, sum_dy_xhat])
        dist.all_reduce(both)
        g_dy, g_dy_xhat = both[:sum_dy.numel()], both[sum_dy.numel():]
        scale = (weight.double() * invstd / ctx.count).reshape(shape)
        dx = scale * (ctx.count * dy.double() - g_dy.reshape(shape) - xhat.double() * g_dy_xhat.reshape(shape))
        return dx.float(), sum_dy_xhat.float(), sum_dy.float(), None, None, None


class GlobalBatchNorm(nn.Module):
    """Batch norm over the global batch under torchrun on CPU, computed as GradLab does (two passes in
    double); keeps the wrapped module's weight, bias and running statistics (same names, same tensors)."""

    def __init__(self, bn):
        super().__init__()
        self.eps, self.momentum = bn.eps, bn.momentum
        self.weight, self.bias = bn.weight, bn.bias
        self.register_buffer("running_mean", bn.running_mean)
        self.register_buffer("running_var", bn.running_var)

    def forward(self, x):
        shape = [1, -1] + [1] * (x.dim() - 2)
        if not self.training:
            return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, False, 0.0, self.eps)
        dims = [0] + list(range(2, x.dim()))
        with torch.no_grad():
            xd = x.double()
            s = torch.cat([xd.sum(dims), torch.tensor([float(x.numel() // x.shape[1])], dtype=torch.float64)])
            dist.all_reduce(s)
            count, mean = float(s[-1]), s[:-1] / s[-1]
            sq = ((xd - mean.reshape(shape)) ** 2).sum(dims)
            dist.all_reduce(sq)
            var = sq / count
            m = self.momentum
            self.running_mean.copy_(((1.0 - m) * self.running_mean.double() + m * mean).float())
            self.running_var.copy_(((1.0 - m) * self.running_var.double() + m * var * count / (count - 1)).float())
            invstd = 1.0 / torch.sqrt(var + self.eps)
        return _GlobalBatchNormFn.apply(x, self.weight, self.bias, mean, invstd, count)


def shuffled_order(n, rng):
    """Trainer::start_epoch: Fisher-Yates from the back with rng.below."""
    order = list(range(n))
    for i in range(n, 1, -1):
        j = rng.below(i)
        order[i - 1], order[j] = order[j], order[i - 1]
    return order


def lr_at(s, base_lr, step):
    """engine/optim/optimizer.cpp lr_at: computed in double, rounded to float32."""
    base = f32(base_lr)
    warm = int(s["warmup_steps"])
    if step < warm:
        f0 = f32(s["warmup_start_factor"])
        return f32(base * (f0 + (1.0 - f0) * step / warm))
    t = step - warm
    kind = s["kind"]
    if kind == "step":
        v = base * math.pow(f32(s["gamma"]), t // int(s["step_size"]))
    elif kind == "exponential":
        v = base * math.pow(f32(s["gamma"]), t)
    elif kind == "cosine":
        eta = f32(s["eta_min"])
        v = eta + (base - eta) * (1.0 + math.cos(math.pi * t / int(s["t_max"]))) / 2.0
    else:
        v = base
    return f32(v)


def merge_records(a, na, b, nb):
    """Folds step record b (covering nb steps) into a (covering na): means of the losses, accuracy and norm
    (fields 2, 3, 4, 6; None is NaN), b's step, epoch and lr."""
    wb = f32(nb / (na + nb))
    nan = float("nan")
    for k in (2, 3, 4, 6):
        x, y = (nan if a[k] is None else a[k]), (nan if b[k] is None else b[k])
        v = f32(x + f32(f32(y - x) * wb))
        a[k] = v if math.isfinite(v) else None
    a[0], a[1], a[5] = b[0], b[1], b[5]


def tensor_of(b64, shape):
    raw = base64.b64decode(b64)
    if not raw:
        return torch.zeros(shape, dtype=torch.float32)
    return torch.frombuffer(bytearray(raw), dtype=torch.float32).reshape(shape).clone()


def b64_of(t):
    v = t.detach().to("cpu", torch.float32).contiguous().reshape(-1).tolist()
    return base64.b64encode(struct.pack("<%df" % len(v), *v)).decode("ascii")


def b64_ints(v):
    return base64.b64encode(struct.pack("<%di" % len(v), *v)).decode("ascii")


def ints_of(b64):
    raw = base64.b64decode(b64)
    return list(struct.unpack("<%di" % (len(raw) // 4), raw))


def num_or_none(v):
    return v if math.isfinite(v) else None


# ---- the run: weights, settings, state ------------------------------------------------------------------------
PARAM_NAMES = {"weight": "weight", "bias": "bias", "gamma": "weight", "beta": "bias",
               "weight_ih": "rnn.weight_ih_l0", "weight_hh": "rnn.weight_hh_l0",
               "bias_ih": "rnn.bias_ih_l0", "bias_hh": "rnn.bias_hh_l0",
               "running_mean": "running_mean", "running_var": "running_var"}
DECAYED = {"weight", "weight_ih", "weight_hh"}  # GradLab's weight decay and l2 skip biases and BN params
TRAIN = RUN["train"]
OPT = TRAIN["optimizer"]
SCHED = TRAIN["schedule"]


def torch_name(t):
    return ENGINE_MODULES[t["layer"]] + "." + PARAM_NAMES[t["name"]]


def load_weights(model, run):
    """Copies the run's weights and BN statistics into the model, checking names and shapes."""
    own = dict(model.named_parameters())
    own.update(dict(model.named_buffers()))
    for t in run["params"] + run["buffers"]:
        name = torch_name(t)
        if name not in own:
            sys.exit(f"error: the run's '{t['name']}' of layer {t['layer']} has no place in the model ({name})")
        if list(own[name].shape) != list(t["shape"]):
            sys.exit(f"error: '{name}' is {list(own[name].shape)} in the model but {t['shape']} in the run")
        with torch.no_grad():
            own[name].copy_(tensor_of(t["f32"], t["shape"]))
    if len(run["params"]) != len(list(model.parameters())):
        sys.exit(f"error: the run has {len(run['params'])} params, the model {len(list(model.parameters()))}")
    return [own[torch_name(t)] for t in run["params"]]


def make_optimizer(params, names):
    kind = OPT["kind"]
    lr, wd = f32(OPT["lr"]), f32(OPT["weight_decay"])
    decayed = [p for p, n in zip(params, names) if n in DECAYED]
    other = [p for p, n in zip(params, names) if n not in DECAYED]
    groups = [g for g in ({"params": decayed, "weight_decay": wd}, {"params": other, "weight_decay": 0.0})
              if g["params"]]
    if kind in ("sgd", "momentum", "nesterov"):
        mu, nesterov = f32(OPT["momentum"]), bool(OPT["nesterov"])
        if kind != "sgd":
            mu, nesterov = (mu if mu != 0.0 else f32(0.9)), kind == "nesterov"
        return torch.optim.SGD(groups, lr=lr, momentum=mu, dampening=f32(OPT["dampening"]), nesterov=nesterov)
    if kind == "adagrad":
        return torch.optim.Adagrad(groups, lr=lr, eps=f32(OPT["eps"]))
    if kind == "rmsprop":
        return torch.optim.RMSprop(groups, lr=lr, alpha=f32(OPT["alpha"]), eps=f32(OPT["eps"]))
    cls = torch.optim.AdamW if kind == "adamw" else torch.optim.Adam
    return cls(groups, lr=lr, betas=(f32(OPT["beta1"]), f32(OPT["beta2"])), eps=f32(OPT["eps"]))


BUFFERS = {"sgd": ["momentum_buffer"], "momentum": ["momentum_buffer"], "nesterov": ["momentum_buffer"],
           "adagrad": ["sum"], "rmsprop": ["square_avg"], "adam": ["exp_avg", "exp_avg_sq"],
           "adamw": ["exp_avg", "exp_avg_sq"]}


def load_optimizer_state(opt, params, saved, device):
    steps = int(saved["steps"])
    for p, bufs in zip(params, saved["slots_f32"]):
        st = opt.state[p]
        if OPT["kind"] not in ("sgd", "momentum", "nesterov"):
            st["step"] = torch.tensor(float(steps))
        for name, b64 in zip(BUFFERS[OPT["kind"]], bufs):
            st[name] = tensor_of(b64, list(p.shape)).to(device)
    return steps


def optimizer_slots(opt, params):
    slots = []
    for p in params:
        st = opt.state.get(p, {})
        slots.append([b64_of(st[n]) for n in BUFFERS[OPT["kind"]] if st.get(n) is not None])
    return slots


# ---- data: synthetic sets embedded as GradLab generated them; image sets read from their usual places ------
def data_tensor(d):
    return tensor_of(d["f32"], d["shape"])


def find_source(names, places):
    for place in places:
        for name in names:
            path = os.path.join(place, name)
            if os.path.exists(path):
                return path
    sys.exit(f"error: the {DATA['name']} data set is needed but none of {names} is in any of {places}; "
             f"install it there (Debian: {DATA['debian_package']}) or pass --data-root DIR")


def open_maybe_gz(path):
    import gzip
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


def read_digits(root):
    """engine/data/pack_images.py: every 5th sample of each class is a test sample; CSV order kept."""
    import importlib.util
    places = [root, os.path.join(root, "digits")]
    spec = importlib.util.find_spec("sklearn")
    if spec and spec.submodule_search_locations:
        places += [os.path.join(p, "datasets", "data") for p in spec.submodule_search_locations]
    places.append("/usr/lib/python3/dist-packages/sklearn/datasets/data")
    path = find_source(["digits.csv.gz"], places)
    train, test, seen = [], [], [0] * 10
    with open_maybe_gz(path) as f:
        for line in f.read().decode("ascii").splitlines():
            if line.strip():
                vals = [int(float(v)) for v in line.split(",")]
                seen[vals[64]] += 1
                (test if seen[vals[64]] % 5 == 0 else train).append((bytes(vals[:64]), vals[64]))
    return train, test, 16


def read_fashion_split(root, prefix, per_class):
    """The first per_class images of each class, in file order (pack_images.py's subset)."""
    places = [root, os.path.join(root, "FashionMNIST", "raw"), "/usr/share/datasets/fashion-mnist"]
    images = open_maybe_gz(find_source([f"{prefix}-images-idx3-ubyte", f"{prefix}-images-idx3-ubyte.gz"], places)).read()
    labels = open_maybe_gz(find_source([f"{prefix}-labels-idx1-ubyte", f"{prefix}-labels-idx1-ubyte.gz"], places)).read()
    n, rows, cols = struct.unpack(">III", images[4:16])
    size, taken, out = rows * cols, [0] * 10, []
    for i in range(n):
        lab = labels[8 + i]
        if taken[lab] < per_class:
            taken[lab] += 1
            out.append((images[16 + i * size:16 + (i + 1) * size], lab))
        if len(out) == 10 * per_class:
            break
    return out


def image_tensors(split, cap, max_value):
    split = split[:cap] if cap > 0 else split
    shape = [len(split)] + DATA["sample_shape"]
    px = torch.frombuffer(bytearray(b"".join(p for p, _ in split)), dtype=torch.uint8).reshape(shape)
    x = px.float() * f32(1.0 / max_value)  # GradLab: pixel * (1.0f / max_value), in float32
    y = torch.tensor([float(lab) for _, lab in split], dtype=torch.float32)
    return x, y


def crc32_of(t):
    import zlib
    try:
        raw = t.contiguous().numpy().tobytes()  # fast when NumPy is present
    except Exception:
        v = t.reshape(-1).tolist()
        raw = struct.pack("<%df" % len(v), *v)
    return zlib.crc32(raw)


def load_data(root):
    """x_train, y_train, x_test, y_test: as GradLab trains on them (checked against its checksums)."""
    if "x_train" in DATA:
        return [data_tensor(DATA[k]) for k in ("x_train", "y_train", "x_test", "y_test")]
    if DATA["name"] == "digits":
        train, test, max_value = read_digits(root)
    else:
        train = read_fashion_split(root, "train", DATA["pack_train"] // 10)
        test = read_fashion_split(root, "t10k", DATA["pack_test"] // 10)
        max_value = 255
    xs = list(image_tensors(train, DATA["max_train"], max_value)) + list(image_tensors(test, DATA["max_test"], max_value))
    for key, t in zip(("x_train", "y_train", "x_test", "y_test"), xs):
        if crc32_of(t) != DATA["crc32"][key]:
            sys.exit(f"error: {DATA['name']} {key} read from its source differs from the data GradLab trained on "
                     f"(shape {list(t.shape)}, CRC-32 {crc32_of(t)} != {DATA['crc32'][key]}); was the image pack "
                     "built from other files or settings?")
    return xs


CLASSIFICATION = DATA["num_classes"] > 0


def data_loss_sum(scores, y):
    """Sum over rows of GradLab's data loss (its mean is this / rows; MSE and BCE: / elements)."""
    if LOSS_KIND == "softmax":
        return F.cross_entropy(scores.reshape(-1, scores.shape[-1]), y.reshape(-1).long(), reduction="sum")
    if LOSS_KIND == "svm":
        s = scores.reshape(-1, scores.shape[-1])
        yi = y.reshape(-1).long()
        m = (s - s.gather(1, yi[:, None]) + SVM_MARGIN).clamp(min=0.0)
        m = m.scatter(1, yi[:, None], 0.0)
        return m.sum()
    if LOSS_KIND == "mse":
        return F.mse_loss(scores.reshape(y.shape), y, reduction="sum")
    return F.binary_cross_entropy_with_logits(scores.reshape(y.shape), y, reduction="sum")


def loss_denominator(rows, y):
    return rows if LOSS_KIND in ("softmax", "svm") else rows * (y[0].numel() if y.dim() > 1 else 1)


def correct_count(scores, y):
    if not CLASSIFICATION:
        return 0.0
    s = scores.reshape(-1, scores.shape[-1])
    pred = (s[:, 0] > 0).long() if s.shape[1] == 1 else s.argmax(1)
    return float((pred == y.reshape(-1).long()).sum())


# ---- the training loop: engine/train/trainer.cpp Trainer::step, step for step ------------------------------
class Run:
    def __init__(self, args):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        cuda = torch.cuda.is_available() and not args.cpu
        if self.world > 1:
            dist.init_process_group("nccl" if cuda else "gloo")
            torch.set_num_threads(max(1, (os.cpu_count() or 1) // self.world))
        local = int(os.environ.get("LOCAL_RANK", "0"))
        self.device = torch.device(f"cuda:{local}" if cuda else "cpu")
        self.dropouts = {}
        for entry in RUN["state"]["layer_rngs"]:  # dropout layers: GradLab's masks, not torch's
            name = ENGINE_MODULES[entry["layer"]]
            self.dropouts[entry["layer"]] = GradLabDropout(getattr(model, name).p, Rng(entry))
            setattr(model, name, self.dropouts[entry["layer"]])
        if self.world > 1:  # batch norm over the global batch, as one process computes it
            for name, mod in list(model.named_children()):
                if isinstance(mod, nn.modules.batchnorm._BatchNorm):
                    setattr(model, name, nn.SyncBatchNorm.convert_sync_batchnorm(mod) if cuda else GlobalBatchNorm(mod))
        self.model = model.to(self.device)
        self.params = load_weights(self.model, RUN)
        self.param_names = [t["name"] for t in RUN["params"]]
        self.net = self.model
        if self.world > 1:
            from torch.nn.parallel import DistributedDataParallel as DDP
            self.net = DDP(self.model, device_ids=[local] if cuda else None)
        self.opt = make_optimizer(self.params, self.param_names)
        st = RUN["state"]
        self.opt_steps = load_optimizer_state(self.opt, self.params, st["optimizer"], self.device)
        self.step_no, self.epoch, self.first_loss = int(st["step"]), int(st["epoch"]), f32(st["first_loss"])
        self.diverged, self.message = bool(st["diverged"]), st["message"]
        self.order, self.cursor = ints_of(st["order_i32"]), int(st["cursor"])
        self.rng = Rng(st["order_rng"])
        self.history, self.evals = [list(r) for r in st["history"]], list(st["evals"])
        self.stride, self.bucket_fill = int(st["history_stride"]), int(st["bucket_fill"])
        self.eval_due = bool(st.get("eval_pending", False))  # saved while the page was evaluating
        xs = [t.to(self.device) for t in load_data(args.data_root)]
        self.x_train, self.y_train, self.x_test, self.y_test = xs
        self.batch = int(TRAIN["batch_size"])
        self.l2, self.clip_norm, self.clip_value = f32(TRAIN["l2"]), f32(TRAIN["clip_norm"]), f32(TRAIN["clip_value"])

    def lr(self):
        return lr_at(SCHED, OPT["lr"], self.step_no)

    def l2_penalty(self, add_grad):
        total = 0.0
        for p, n in zip(self.params, self.param_names):
            if n in DECAYED:
                total += float((p.detach().double() ** 2).sum())
                if add_grad:
                    p.grad.add_(p.detach(), alpha=self.l2)
        return f32(0.5 * self.l2 * total)

    def step(self):
        if self.diverged:
            return False
        if self.eval_due:  # Trainer::step finishes a pending evaluation first
            self.eval_due = False
            self.record_eval()
        n = self.x_train.shape[0]
        if self.cursor >= len(self.order):
            self.order, self.cursor = shuffled_order(n, self.rng), 0
        b = min(self.batch, len(self.order) - self.cursor)
        idx = torch.tensor(self.order[self.cursor:self.cursor + b], dtype=torch.long)
        shares = idx.tensor_split(self.world)
        mine = shares[self.rank].to(self.device)  # this process's share of the batch
        for d in self.dropouts.values():
            d.rows = (sum(len(c) for c in shares[:self.rank]), b)
        xb, yb = self.x_train[mine], self.y_train[mine]
        lr = self.lr()
        self.net.train()
        for p in self.params:
            p.grad = None
        scores = self.net(xb)
        loss_sum = data_loss_sum(scores, yb)
        denom = loss_denominator(b, yb)
        # DDP averages gradients over the processes: scaling by world makes the average the global batch's mean.
        (loss_sum * (self.world / denom)).backward()
        sums = torch.tensor([float(loss_sum.detach()), correct_count(scores.detach(), yb)], dtype=torch.float64)
        if self.world > 1:
            dist.all_reduce(sums)
        loss = f32(float(sums[0]) / denom)
        acc = f32(float(sums[1]) / b) if CLASSIFICATION else float("nan")
        for p in self.params:
            if p.grad is None:
                p.grad = torch.zeros_like(p)
        reg = self.l2_penalty(True) if self.l2 > 0 else 0.0
        if self.clip_value > 0:
            for p in self.params:
                p.grad.clamp_(-self.clip_value, self.clip_value)
        norm = f32(math.sqrt(sum(float((p.grad.double() ** 2).sum()) for p in self.params)))
        if self.clip_norm > 0:
            scale = f32(self.clip_norm / f32(norm + f32(1e-6)))
            if scale < 1.0:
                for p in self.params:
                    p.grad.mul_(scale)
        if self.step_no == 0:
            self.first_loss = loss
        record = [self.step_no + 1, self.epoch, num_or_none(loss), num_or_none(reg), num_or_none(acc), lr, num_or_none(norm)]
        limit = f32(f32(TRAIN["divergence_factor"]) * max(self.first_loss, f32(1e-3)))
        if not math.isfinite(loss) or not math.isfinite(reg) or loss > limit:
            self.diverged = True
            self.message = f"loss became {loss} at step {self.step_no + 1}; the learning rate {lr:g} may be too high"
            self.append_history(record)
            self.step_no += 1
            return False
        for g in self.opt.param_groups:
            g["lr"] = lr
        self.opt.step()
        self.opt_steps += 1
        self.step_no += 1
        self.append_history(record)
        self.last = record
        self.cursor += b
        every = int(TRAIN["eval_every"])
        if self.cursor >= len(self.order):
            self.epoch += 1
            if every <= 0:
                self.record_eval()
        if every > 0 and self.step_no % every == 0:
            self.record_eval()
        return True

    def append_history(self, record):
        """Trainer::append_history: at most history_max records; when full, neighbours merge in pairs and each
        record from then on covers twice as many steps (the curves GradLab draws continue from this)."""
        h = self.history
        if h and self.bucket_fill < self.stride:
            merge_records(h[-1], self.bucket_fill, record, 1)
            self.bucket_fill += 1
            return
        if len(h) >= max(int(TRAIN["history_max"]), 2):
            merged = []
            for i in range(0, len(h) - 1, 2):
                merged.append(list(h[i]))
                merge_records(merged[-1], 1, h[i + 1], 1)
            odd = len(h) % 2 == 1
            if odd:
                merged.append(h[-1])
            self.history = h = merged
            self.stride *= 2
            if odd:  # the unpaired last record is a half-full bucket of the new stride
                self.bucket_fill = self.stride // 2
                merge_records(h[-1], self.bucket_fill, record, 1)
                self.bucket_fill += 1
                return
        h.append(list(record))
        self.bucket_fill = 1

    def evaluate(self, x, y):
        n = min(x.shape[0], int(TRAIN["eval_max_samples"]))
        if n == 0:
            return float("nan"), float("nan")
        loss = acc = 0.0
        self.model.eval()
        with torch.no_grad():
            for start in range(0, n, 256):
                xb, yb = x[start:start + 256][: n - start], y[start:start + 256][: n - start]
                scores = self.model(xb)
                rows = xb.shape[0]
                loss += f32(float(data_loss_sum(scores, yb)) / loss_denominator(rows, yb)) * rows
                acc += f32(correct_count(scores, yb) / rows) * rows
        return f32(loss / n), (f32(acc / n) if CLASSIFICATION else float("nan"))

    def record_eval(self):
        lt, at = self.evaluate(self.x_train, self.y_train)
        ls, as_ = self.evaluate(self.x_test, self.y_test)
        reg = self.l2_penalty(False) if self.l2 > 0 else 0.0
        e = [self.step_no, self.epoch, num_or_none(lt), num_or_none(ls), num_or_none(at), num_or_none(as_),
             num_or_none(reg), self.lr()]
        self.evals.append(e)
        emit(eval_line(e), self.rank)

    def run_json(self):
        """The run as a GradLab run file (gradlab-cli train --resume, or Load run in the page)."""
        out = json.loads(json.dumps(RUN))
        st = out["state"]
        st.pop("eval_pending", None)
        if self.eval_due:
            st["eval_pending"] = True
        st.update(step=self.step_no, epoch=self.epoch, first_loss=num_or_none(self.first_loss), diverged=self.diverged,
                  message=self.message, order_i32=b64_ints(self.order), cursor=self.cursor,
                  order_rng=self.rng.state(), history=self.history, evals=self.evals,
                  history_stride=self.stride, bucket_fill=self.bucket_fill)
        st["layer_rngs"] = [dict(self.dropouts[e["layer"]].rng.state(), layer=e["layer"]) for e in st["layer_rngs"]]
        st["optimizer"] = {"steps": self.opt_steps,
                           "slots_f32": optimizer_slots(self.opt, self.params) if self.opt_steps > 0 else []}
        own = dict(self.model.named_parameters())
        own.update(dict(self.model.named_buffers()))
        for t in out["params"] + out["buffers"]:
            t["f32"] = b64_of(own[torch_name(t)])
        return out


def eval_line(e):
    return {"epoch": e[1], "step": e[0], "loss_train": e[2], "loss_test": e[3], "acc_train": e[4],
            "acc_test": e[5], "reg_loss": e[6], "lr": e[7]}


def short(v):
    """A float32 value with the fewest digits that read back as it (as gradlab-cli prints numbers)."""
    if not isinstance(v, float) or not math.isfinite(v) or v != f32(v):
        return v
    for digits in range(6, 10):
        s = float("%.*g" % (digits, v))
        if f32(s) == v:
            return s
    return v


def emit(obj, rank):
    if rank == 0:
        print(json.dumps({k: short(v) for k, v in obj.items()}), flush=True)


def main():
    ap = argparse.ArgumentParser(description="Continue a GradLab run in PyTorch (also under torchrun).")
    ap.add_argument("--steps", type=int, default=None, help="optimizer steps to take (default: one epoch)")
    ap.add_argument("--print-steps", action="store_true", help="one JSON line per step")
    ap.add_argument("--save-run", metavar="OUT.json", help="write a GradLab run file at the end")
    ap.add_argument("--save-checkpoint", metavar="CKPT.pt", help="torch.save model, optimizer and position")
    ap.add_argument("--cpu", action="store_true", help="stay on the CPU even when CUDA is present")
    ap.add_argument("--data-root", default="data", help="where digits.csv.gz or FashionMNIST/raw are looked for "
                    "first (then scikit-learn's folder and /usr/share/datasets/fashion-mnist)")
    args = ap.parse_args()
    run = Run(args)
    steps = args.steps
    if steps is None:
        steps = -(-run.x_train.shape[0] // run.batch)
    t0 = time.time()
    for _ in range(steps):
        if not run.step():
            break
        if args.print_steps:
            r = run.last
            emit({"step": r[0], "epoch": r[1], "loss_batch": r[2], "acc_batch": r[4], "reg_loss": r[3],
                  "lr": r[5], "grad_norm": r[6]}, run.rank)
    fin = eval_line(run.evals[-1]) if run.evals else {}
    fin.update({"final": True, "steps": run.step_no, "epochs_done": run.epoch, "stopped_early": False,
                "diverged": run.diverged, "time_ms": round((time.time() - t0) * 1000)})
    if run.diverged:
        fin["message"] = run.message
    emit(fin, run.rank)
    if run.rank == 0 and args.save_run:
        with open(args.save_run, "w") as f:
            json.dump(run.run_json(), f, separators=(",", ":"), allow_nan=False)
            f.write("\n")
    if run.rank == 0 and args.save_checkpoint:
        torch.save({"model": run.model.state_dict(), "optimizer": run.opt.state_dict(), "step": run.step_no,
                    "epoch": run.epoch, "order": run.order, "cursor": run.cursor, "order_rng": run.rng.state()},
                   args.save_checkpoint)
    if run.world > 1:
        # Every rank has finished; the process group ends with the process (an explicit
        # destroy_process_group() was seen to hang in gloo at teardown, torch 1.13).
        dist.barrier()
    if run.diverged:
        print(f"error: {run.message}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
)PY";

// CRC-32 (zlib's polynomial) of a tensor's float32 bytes: the script checks image sets it reads against it.
uint32_t crc32_of(const Tensor& t) {
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  uint32_t c = 0xFFFFFFFFu;
  for (int64_t i = 0; i < t.size() * 4; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

// Image sets: where the script finds them and what it must find. The pack's split sizes are those
// pack_images.py writes by default unless the data set is larger (then the whole pack split was used).
Json image_source(const RunFile& run, const Dataset& data) {
  Json d = Json::object();
  const bool digits = run.data.kind == DataKind::Digits;
  d.set("debian_package", digits ? "python3-sklearn" : "dataset-fashion-mnist");
  d.set("sample_shape", Json::array_of(data.sample_shape().dims));
  d.set("max_train", run.data.max_train);
  d.set("max_test", run.data.max_test);
  d.set("pack_train", run.data.max_train > 0 ? std::max(6000, data.num_train()) : data.num_train());
  d.set("pack_test", run.data.max_test > 0 ? std::max(1000, data.num_test()) : data.num_test());
  Json crc = Json::object();
  crc.set("x_train", crc32_of(data.x_train));
  crc.set("y_train", crc32_of(data.y_train));
  crc.set("x_test", crc32_of(data.x_test));
  crc.set("y_test", crc32_of(data.y_test));
  d.set("crc32", std::move(crc));
  return d;
}

Json tensor_literal(const Tensor& t) {
  Json j = Json::object();
  j.set("shape", Json::array_of(t.shape().dims));
  j.set("f32", base64_floats(t.data(), static_cast<size_t>(t.size())));
  return j;
}

// JSON text safe inside a Python r'''...''' literal (a JSON document has ' only inside strings).
std::string py_json_literal(const Json& j) {
  std::string s = j.dump(), out;
  out.reserve(s.size());
  for (char c : s) out += c == '\'' ? std::string("\\u0027") : std::string(1, c);
  return "json.loads(r'''" + out + "''')";
}

std::string header(const RunFile& run, const Dataset& data) {
  std::string h = "#!/usr/bin/env python3\n";
  h += str_cat("# A GradLab run exported for PyTorch at step ", run.state.step, " (", data.name, ", ",
               optim_kind_name(run.train.optim.kind), ", batch ", run.train.batch_size, ").\n");
  h += "#   python3 train.py --steps N [--print-steps] [--save-run OUT.json] [--save-checkpoint CKPT.pt]\n";
  h += "#   torchrun --nproc_per_node=K train.py --steps N    (DistributedDataParallel: gloo on CPU, nccl on CUDA;\n";
  h += "#     each process takes 1/K of every global batch, so K processes train the same batches as one;\n";
  h += "#     Debian's torch 1.13 on Python 3.11 also needs: --redirects 2 --tee 1 --log_dir DIR)\n";
  h += "# It continues the run where GradLab stopped: same weights, optimizer state, schedule, clipping and batch\n";
  h += "# order (GradLab's random stream, ported below), printing JSON lines as `gradlab-cli train` does.\n";
  h += "# Synthetic data sets are embedded (float32, as GradLab generated them from the run's description);\n";
  h += "# digits and Fashion-MNIST are read from their usual places (--data-root, scikit-learn's folder,\n";
  h += "# /usr/share/datasets/fashion-mnist) and checked against GradLab's CRC-32 of the same tensors.\n";
  h += "# Dropout draws GradLab's masks (its stream is ported too); under torchrun batch norm normalises over the\n";
  h += "# global batch (nn.SyncBatchNorm with CUDA, GlobalBatchNorm below on CPU), as one process does.\n";
  return h;
}

}  // namespace

std::string export_pytorch_run(const RunFile& run, const Dataset& data) {
  NN_CHECK(data.num_train() > 0, "export-pytorch: data set '", data.name, "' has no training samples");
  const bool images = run.data.kind == DataKind::Digits || run.data.kind == DataKind::FashionMnist;
  const size_t data_bytes = images ? 0 : static_cast<size_t>(data.x_train.size() + data.y_train.size() + data.x_test.size() +
                                                data.y_test.size()) * 4 / 3 * 4;
  NN_CHECK(data_bytes <= kMaxRunFileBytes, "export-pytorch: the data set '", data.name, "' needs ", data_bytes >> 20,
           " MiB embedded, more than ", kMaxRunFileBytes >> 20, " MiB; lower data.max_train / data.max_test");
  Json d = images ? image_source(run, data) : Json::object();
  d.set("name", data.name);
  d.set("num_classes", data.num_classes);
  if (!images) {
    d.set("x_train", tensor_literal(data.x_train));
    d.set("y_train", tensor_literal(data.y_train));
    d.set("x_test", tensor_literal(data.x_test));
    d.set("y_test", tensor_literal(data.y_test));
  }
  std::string names = "ENGINE_MODULES = [";
  const std::vector<std::string> mods = export_module_names(run.spec);
  for (size_t i = 0; i < mods.size(); ++i) names += (i ? ", \"" : "\"") + mods[i] + "\"";
  names += "]  # the module of each GradLab engine layer\n";
  std::string out = header(run, data) + export_pytorch(run.spec) + "\n# ---- the GradLab run ----\nimport json\n\n";
  out += names;
  out += str_cat("LOSS_KIND = \"", loss_kind_name(run.spec.loss.kind), "\"\nSVM_MARGIN = ",
                 format_number(run.spec.loss.margin), "\n");
  out += "RUN = " + py_json_literal(run_to_json(run)) + "\n";
  out += "DATA = " + py_json_literal(d) + "\n";
  out += kProgram;
  return out;
}

}  // namespace gl
