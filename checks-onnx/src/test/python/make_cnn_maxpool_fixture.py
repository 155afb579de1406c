#!/usr/bin/python3
"""Generate the max-pooling CNN fixture and its exact-gradient FGSM reference.

Run from the repository root with Debian's interpreter:

    apt-get install -y python3-torch python3-onnx python3-sklearn python3-numpy
    /usr/bin/python3 checks-onnx/src/test/python/make_cnn_maxpool_fixture.py

Writes fixtures/digits/digits-cnn-maxpool.onnx and
fixtures/digits/digits-cnn-maxpool-reference.json. Deterministic (seeded, one
thread, deterministic torch algorithms); running it twice gives identical files.

Why this model: it max-pools the 8x8 digits pixels directly (2x2 windows), so
every window whose pixels are equal (background zeros, saturated strokes) is a
tie. PyTorch's max-pool backward gives the whole gradient to the first maximum
of a window (row-major), so the exact gradient moves one pixel of a tied window
and leaves the others; a central finite difference moves all of them. On this
model plain central differences miss the float64 reference FGSM by several
percentage points, which is what RobustnessMaxPoolReferenceTest guards.

The reference is computed like tools/fixtures/digits_models.py's FGSM: float64
weights and inputs, cross-entropy on the logits, exact autograd gradient,
x' = clip(x + eps * sign(g), 0, 1) with sign(0) = 0, on the 450 test rows.
"""

import json
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tools", "fixtures"))
import make_digits_fixtures as mdf  # noqa: E402  (split, determinism, ONNX export and checker)

GENERATOR = "checks-onnx/src/test/python/make_cnn_maxpool_fixture.py"
NAME = "digits-cnn-maxpool"
# The epsilons the robustness check uses by default (RobustnessConfig.DEFAULT_EPSILONS).
EPSILONS = (0.05, 0.1, 0.2)
RECIPE = dict(epochs=40, lr=1e-2, seed=0, batch=64)


class MaxPoolCnn(nn.Module):
    """[N, 64] -> [N, 1, 8, 8] -> maxpool 2 -> conv 1->16 3x3 pad 1 -> ReLU -> conv 16->16 3x3 pad 1 -> ReLU
    -> flatten 256 -> Linear 256->10 (logits)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(16, 16, kernel_size=3, padding=1)
        self.fc = nn.Linear(16 * 4 * 4, 10)

    def forward(self, x):
        x = F.max_pool2d(x.reshape(-1, 1, 8, 8), 2)
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        return self.fc(torch.flatten(x, 1))


def train(xtr, ytr):
    torch.manual_seed(RECIPE["seed"])
    model = MaxPoolCnn()
    opt = torch.optim.Adam(model.parameters(), lr=RECIPE["lr"])
    gen = torch.Generator().manual_seed(RECIPE["seed"])
    for _ in range(RECIPE["epochs"]):
        perm = torch.randperm(len(xtr), generator=gen)
        for i in range(0, len(xtr), RECIPE["batch"]):
            b = perm[i:i + RECIPE["batch"]]
            loss = F.cross_entropy(model(xtr[b]), ytr[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model.eval()


def tied_windows(x):
    """2x2 windows (over all test images) whose maximum is reached by more than one pixel."""
    w = x.reshape(-1, 4, 2, 4, 2).permute(0, 1, 3, 2, 4).reshape(-1, 4)
    return int(((w == w.max(dim=1, keepdim=True).values).sum(dim=1) > 1).sum())


def main():
    mdf.setup_determinism()
    xtr, ytr, xte, yte, _, _ = mdf.load_split()
    committed = np.load(os.path.join(REPO, "fixtures", "digits", "digits-test-x.npy"))
    assert np.array_equal(committed, xte), "the split differs from fixtures/digits/digits-test-x.npy"
    xtr, ytr = torch.from_numpy(xtr), torch.from_numpy(ytr)
    x, y = torch.from_numpy(xte).double(), torch.from_numpy(yte)

    model = train(xtr, ytr)
    path = os.path.join(REPO, "fixtures", "digits", NAME + ".onnx")
    mdf.GENERATOR = GENERATOR
    exported = mdf.export_onnx(model, path, doc="max-pooling on the input pixels (ties), see " + GENERATOR)
    float32_logits = mdf.run_onnx_numpy(exported, xte)

    m64 = model.double()
    with torch.no_grad():
        logits = m64(x)
    clean = (logits.argmax(1) == y).double().mean().item()
    assert np.array_equal(float32_logits.argmax(1), logits.argmax(1).numpy()), "float32 ONNX predictions differ"
    xg = x.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(F.cross_entropy(m64(xg), y, reduction="sum"), xg)
    fgsm = {}
    with torch.no_grad():
        for eps in EPSILONS:
            adv = (x + eps * g.sign()).clamp(0.0, 1.0)
            fgsm[str(eps)] = (m64(adv).argmax(1) == y).double().mean().item()

    # PGD-10 as in tools/fixtures/digits_models.py (step eps/4, no random start): context for the docs, not a test.
    pgd = {}
    for eps in EPSILONS:
        adv = mdf.dm.pgd(m64, x, y, eps, steps=10)
        with torch.no_grad():
            pgd[str(eps)] = (m64(adv).argmax(1) == y).double().mean().item()

    reference = {
        "generator": GENERATOR,
        "torch_version": torch.__version__,
        "onnx_version": onnx.__version__,
        "model": "digits/" + NAME + ".onnx",
        "architecture": MaxPoolCnn.__doc__.replace("\n   ", "").strip(),
        "recipe": RECIPE,
        "samples": int(len(y)),
        "data": "fixtures/digits/digits-test-x.npy / digits-test-y.npy (the 450 test rows)",
        "tiedPoolingWindows": tied_windows(x),
        "clean": clean,
        "fgsm": fgsm,
        "pgd": pgd,
        "evaluation": "float64 weights and inputs, exact autograd gradient (max-pool: first maximum of a window),"
                      " cross-entropy on logits, x' = clip(x + eps*sign(grad), 0, 1), sign(0) = 0; pgd: 10 steps of eps/4,"
                      " no random start, projected to the eps-ball and clipped to [0, 1]",
        "float32_onnx_max_abs_diff_vs_torch": float(np.abs(float32_logits - logits.numpy()).max()),
        "sha256": mdf.sha256(path),
    }
    out = os.path.join(REPO, "fixtures", "digits", NAME + "-reference.json")
    with open(out, "w", newline="\n") as f:
        json.dump(reference, f, indent=2, sort_keys=False)
        f.write("\n")
    print(json.dumps({"clean": clean, "fgsm": fgsm, "pgd": pgd, "tiedPoolingWindows": reference["tiedPoolingWindows"]}))


if __name__ == "__main__":
    main()
