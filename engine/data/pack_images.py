#!/usr/bin/env python3
"""Packs GradLab's image data sets into ONE compact binary, images.glpack, written into OUT_DIR (a build
directory; the pack is a build output, never committed). Standard library only (gzip + struct), so any
python3 runs it. Sources are Debian packages, read at build time only:
  digits   python3-sklearn: sklearn/datasets/data/digits.csv.gz (1797 8x8 images, pixel values 0..16)
  fashion  dataset-fashion-mnist: /usr/share/datasets/fashion-mnist/*-idx?-ubyte.gz (28x28, 0..255)

Usage: pack_images.py OUT_DIR [--fashion-train 6000] [--fashion-test 1000] [--digits-csv PATH]
                              [--fashion-dir DIR] [--no-fashion]

Format (engine/data/image_pack.h reads it), every integer little-endian uint32 unless noted:
  b"GLIP" | version = 1 | num_sets
  per set: name_len | name | classes_len | class names joined by "\n"
           channels | height | width | num_classes | n_train | n_test | max_value
           train pixels (n_train*C*H*W uint8) | train labels (n_train uint8)
           test pixels (n_test*C*H*W uint8)   | test labels (n_test uint8)
The loader scales pixels to [0, 1] as value / max_value.

Splits (deterministic, no randomness):
  digits   every 5th sample of each class (its 5th, 10th, ... occurrence) goes to test: a stratified 80/20
           split (1442 train / 355 test) that keeps the CSV's order (already mixed) within each split.
  fashion  the first n/10 images of each class, in file order (the files are shuffled), from train and t10k,
           so every prefix of a split stays close to class-balanced.
"""
import argparse
import gzip
import os
import struct
import sys

DIGITS_CSV = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
FASHION_DIR = "/usr/share/datasets/fashion-mnist"
FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def u32(v):
    return struct.pack("<I", v)


def text(s):
    b = s.encode("utf-8")
    return u32(len(b)) + b


def pack_set(name, classes, chw, max_value, train, test):
    """train / test: lists of (pixels bytes, label int)."""
    c, h, w = chw
    out = [text(name), text("\n".join(classes))]
    out += [u32(v) for v in (c, h, w, len(classes), len(train), len(test), max_value)]
    for split in (train, test):
        for px, _ in split:
            assert len(px) == c * h * w
        out.append(b"".join(px for px, _ in split))
        out.append(bytes(lab for _, lab in split))
    return b"".join(out)


def load_digits(path):
    train, test = [], []
    seen = [0] * 10
    with gzip.open(path, "rt") as f:
        for i, line in enumerate(line for line in f if line.strip()):
            vals = [int(float(v)) for v in line.strip().split(",")]
            if len(vals) != 65:
                sys.exit(f"pack_images: {path}: line {i + 1} has {len(vals)} values, expected 65")
            label = vals[64]
            seen[label] += 1
            (test if seen[label] % 5 == 0 else train).append((bytes(vals[:64]), label))
    return train, test


def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    got, n = struct.unpack(">II", data[:8])
    if got != magic:
        sys.exit(f"pack_images: {path}: magic {got:#x}, expected {magic:#x}")
    return n, data


def load_fashion(directory, prefix, per_class):
    n, images = read_idx(os.path.join(directory, f"{prefix}-images-idx3-ubyte.gz"), 0x803)
    _, labels = read_idx(os.path.join(directory, f"{prefix}-labels-idx1-ubyte.gz"), 0x801)
    rows, cols = struct.unpack(">II", images[8:16])
    size = rows * cols
    taken = [0] * 10
    out = []
    for i in range(n):
        lab = labels[8 + i]
        if taken[lab] < per_class:
            taken[lab] += 1
            out.append((images[16 + i * size:16 + (i + 1) * size], lab))
        if len(out) == 10 * per_class:
            break
    return out, (1, rows, cols)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--digits-csv", default=DIGITS_CSV)
    ap.add_argument("--fashion-dir", default=FASHION_DIR)
    ap.add_argument("--fashion-train", type=int, default=6000)
    ap.add_argument("--fashion-test", type=int, default=1000)
    ap.add_argument("--no-fashion", action="store_true")
    args = ap.parse_args()

    sets = []
    train, test = load_digits(args.digits_csv)
    sets.append(pack_set("digits", [str(d) for d in range(10)], (1, 8, 8), 16, train, test))
    counts = f"digits {len(train)}/{len(test)}"
    if not args.no_fashion:
        ftrain, chw = load_fashion(args.fashion_dir, "train", args.fashion_train // 10)
        ftest, _ = load_fashion(args.fashion_dir, "t10k", args.fashion_test // 10)
        sets.append(pack_set("fashion", FASHION_CLASSES, chw, 255, ftrain, ftest))
        counts += f", fashion {len(ftrain)}/{len(ftest)}"

    os.makedirs(args.out_dir, exist_ok=True)
    path = os.path.join(args.out_dir, "images.glpack")
    blob = b"GLIP" + u32(1) + u32(len(sets)) + b"".join(sets)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(blob)
    os.replace(tmp, path)
    print(f"pack_images: wrote {path} ({len(blob)} bytes; train/test {counts})")


if __name__ == "__main__":
    main()
