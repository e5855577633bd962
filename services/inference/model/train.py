#!/usr/bin/env python3
"""Trains Sundae's reference flavour model and exports it as TorchScript.

The real model of a chain is not available to us, so this stand-in learns a synthetic but
learnable task: the dominant colour (and, for stracciatella, the texture) of a frame maps to a
flavour. See README.md next to this file for the model contract.

Reproducible: fixed seeds, one CPU thread, deterministic algorithms. On the same torch build and
CPU it writes the same bytes (check model.pt.sha256); elsewhere it reaches the same accuracy.

Usage (from services/inference): python3 model/train.py [--out src/main/resources/model/reference]
Needs torch (Debian's python3-torch 1.13 was used); nothing else.
"""

import argparse
import colorsys
import hashlib
import io
import os
import zipfile

import torch
from torch import nn
import torch.nn.functional as F

SIZE = 224
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)  # ImageNet
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)

# Flavour -> the HSV box its ice cream's colour is drawn from (hue in degrees, sat, value).
# The order here is the order of the model's outputs, and of labels.txt.
FLAVOURS = [
    ("vanilla", (38, 52), (0.12, 0.28), (0.86, 1.00)),  # cream, beige
    ("chocolate", (15, 32), (0.45, 0.75), (0.25, 0.50)),  # brown
    ("strawberry", (325, 350), (0.30, 0.55), (0.85, 1.00)),  # pink
    ("pistachio", (75, 105), (0.40, 0.65), (0.50, 0.75)),  # green
    ("mint", (130, 165), (0.18, 0.38), (0.85, 1.00)),  # light green
    ("blueberry", (220, 250), (0.40, 0.70), (0.45, 0.78)),  # blue
    ("mango", (28, 46), (0.75, 0.98), (0.88, 1.00)),  # orange, deep yellow
    ("lemon", (52, 62), (0.32, 0.55), (0.90, 1.00)),  # pale yellow
    ("stracciatella", (0, 360), (0.00, 0.07), (0.88, 1.00)),  # white with dark chips
    ("licorice", (0, 360), (0.00, 0.15), (0.06, 0.22)),  # black
]
STRACCIATELLA = 8


class FlavourNet(nn.Module):
    """Four strided convolutions and a global average: about 10 M multiply-adds per frame."""

    def __init__(self, classes: int):
        super().__init__()

        def block(cin, cout, kernel, stride, padding):
            return [nn.Conv2d(cin, cout, kernel, stride, padding, bias=False),
                    nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]

        self.features = nn.Sequential(
            *block(3, 16, 4, 4, 0),  # 224 -> 56, a patchify stem keeps the first layer cheap
            *block(16, 32, 3, 2, 1),  # 28
            *block(32, 48, 3, 2, 1),  # 14
            *block(48, 64, 3, 2, 1),  # 7
        )
        self.classifier = nn.Linear(64, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = x.mean(dim=(2, 3))  # the average over the frame is what makes a colour "dominant"
        return torch.softmax(self.classifier(x), dim=1)  # one score per label, summing to 1


def rgb(g, hues, sats, vals):
    """A random colour from an HSV box, as an RGB tensor in 0..1."""
    u = torch.rand(3, generator=g)
    h = (hues[0] + u[0].item() * (hues[1] - hues[0])) % 360 / 360
    s = sats[0] + u[1].item() * (sats[1] - sats[0])
    v = vals[0] + u[2].item() * (vals[1] - vals[0])
    return torch.tensor(colorsys.hsv_to_rgb(h, s, v))


def smooth_field(g, cells, low, high):
    """Low-frequency noise in [low, high] over the frame: shading, swirls."""
    coarse = torch.rand(1, 1, cells, cells, generator=g)
    field = F.interpolate(coarse, size=(SIZE, SIZE), mode="bilinear", align_corners=False)[0, 0]
    return low + (high - low) * field


def ellipse_mask(g, min_cover):
    """A scoop: a random ellipse covering at least min_cover of the frame, or the whole frame."""
    if torch.rand(1, generator=g).item() < 0.3:
        return torch.ones(SIZE, SIZE)
    ys, xs = torch.meshgrid(torch.arange(SIZE), torch.arange(SIZE), indexing="ij")
    while True:
        u = torch.rand(4, generator=g)
        cx, cy = SIZE * (0.3 + 0.4 * u[0].item()), SIZE * (0.3 + 0.4 * u[1].item())
        rx, ry = SIZE * (0.45 + 0.4 * u[2].item()), SIZE * (0.45 + 0.4 * u[3].item())
        mask = (((xs - cx) / rx) ** 2 + ((ys - cy) / ry) ** 2 <= 1).float()
        if mask.mean().item() >= min_cover:
            return mask


def frame(g, label):
    """One synthetic 3x224x224 frame (values 0..1) whose dominant colour is label's."""
    _, hues, sats, vals = FLAVOURS[label]
    base = rgb(g, hues, sats, vals).view(3, 1, 1)
    scoop = base * smooth_field(g, 6, 0.9, 1.08)  # uneven light across the scoop
    scoop = scoop + torch.randn(3, SIZE, SIZE, generator=g) * 0.04 * torch.rand(1, generator=g)
    if label == STRACCIATELLA:
        density = 0.03 + 0.08 * torch.rand(1, generator=g).item()
        chips = smooth_chips(g, density)
        scoop = scoop * (1 - chips) + 0.15 * chips
    background = rgb(g, (0, 360), (0.0, 0.25), (0.15, 1.0)).view(3, 1, 1).expand(3, SIZE, SIZE)
    mask = ellipse_mask(g, 0.55)
    image = scoop * mask + background * (1 - mask)
    for _ in range(int(torch.randint(0, 4, (1,), generator=g))):  # a spoon, a napkin, a sign
        other = rgb(g, (0, 360), (0.0, 1.0), (0.1, 1.0)).view(3, 1, 1)
        w, h = (int(x) for x in torch.randint(10, 45, (2,), generator=g))
        x, y = (int(v) for v in torch.randint(0, SIZE - 45, (2,), generator=g))
        image[:, y : y + h, x : x + w] = other
    return (image * (0.92 + 0.16 * torch.rand(1, generator=g))).clamp(0, 1)


def smooth_chips(g, density):
    """Dark chocolate chips: small blobs covering about `density` of the frame."""
    noise = torch.rand(1, 1, SIZE // 4, SIZE // 4, generator=g)
    chips = (noise < density).float()
    return F.interpolate(chips, size=(SIZE, SIZE), mode="nearest")[0, 0]


def batch(g, n):
    labels = torch.randint(0, len(FLAVOURS), (n,), generator=g)
    images = torch.stack([frame(g, int(label)) for label in labels])
    return (images - MEAN) / STD, labels


def accuracy(model, g, n):
    model.eval()
    correct = 0
    with torch.no_grad():
        for _ in range(n // 50):
            x, y = batch(g, 50)
            correct += (model(x).argmax(1) == y).sum().item()
    model.train()
    return correct / (n // 50 * 50)


def without_debug_records(data: bytes) -> bytes:
    """TorchScript keeps debug records with absolute source paths; without them the bytes do not
    depend on where the repository is checked out, and the model still loads."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            if info.filename.endswith(".debug_pkl"):
                continue
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="src/main/resources/model/reference")
    parser.add_argument("--steps", type=int, default=1500)
    args = parser.parse_args()

    torch.manual_seed(20240601)
    torch.set_num_threads(1)  # float sums in a fixed order: the same weights on every run
    torch.use_deterministic_algorithms(True)
    train_g = torch.Generator().manual_seed(1)
    test_g = torch.Generator().manual_seed(2)

    model = FlavourNet(len(FLAVOURS))
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=3e-3, total_steps=args.steps)
    for step in range(1, args.steps + 1):
        x, y = batch(train_g, 32)
        loss = F.nll_loss(torch.log(model(x) + 1e-9), y)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % 100 == 0:
            print(f"step {step} loss {loss.item():.4f}", flush=True)

    held_out = accuracy(model, test_g, 2000)
    print(f"held-out accuracy on 2000 synthetic frames: {held_out:.4f}")

    model.eval()
    scripted = torch.jit.freeze(torch.jit.script(model))  # folds batch norm into the convolutions
    buffer = io.BytesIO()
    torch.jit.save(scripted, buffer)
    data = without_debug_records(buffer.getvalue())
    reloaded = torch.jit.load(io.BytesIO(data))
    check = batch(torch.Generator().manual_seed(3), 8)[0]
    with torch.no_grad():
        assert torch.allclose(reloaded(check), model(check), atol=1e-5), "export changed outputs"

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "model.pt"), "wb") as f:
        f.write(data)
    with open(os.path.join(args.out, "labels.txt"), "w") as f:
        f.write("".join(name + "\n" for name, *_ in FLAVOURS))
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(args.out, "model.pt.sha256"), "w") as f:
        f.write(f"{digest}  model.pt\n")
    print(f"wrote {args.out}/model.pt ({len(data)} bytes, sha256 {digest}), torch {torch.__version__}")


if __name__ == "__main__":
    main()
