"""U-Net (Ronneberger et al. 2015) with same-padded convolutions, BatchNorm and a switch for skip connections.

`skip=False` keeps the same encoder/decoder but the decoder never sees the encoder features: each up block
gets only the upsampled tensor, so the no-skip model isolates what the concatenations contribute.
Output: one channel of foreground logits (apply sigmoid), same H×W as the input (H, W multiples of 2**depth).
"""
import torch
import torch.nn as nn


def conv_block(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
    )


class UNet(nn.Module):
    def __init__(self, depth: int = 4, base: int = 16, skip: bool = True, in_ch: int = 1):
        super().__init__()
        self.depth, self.base, self.skip = depth, base, skip
        ch = [base * 2 ** i for i in range(depth + 1)]
        self.down = nn.ModuleList([conv_block(in_ch, ch[0])] + [conv_block(ch[i], ch[i + 1]) for i in range(depth)])
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ModuleList([nn.ConvTranspose2d(ch[i + 1], ch[i], 2, stride=2) for i in reversed(range(depth))])
        self.dec = nn.ModuleList([conv_block(ch[i] * (2 if skip else 1), ch[i]) for i in reversed(range(depth))])
        self.head = nn.Conv2d(ch[0], 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        feats = []
        for i, blk in enumerate(self.down):
            x = blk(x if i == 0 else self.pool(x))
            feats.append(x)
        x = feats.pop()
        for up, dec in zip(self.up, self.dec):
            x = up(x)
            skipf = feats.pop()
            x = dec(torch.cat([skipf, x], 1) if self.skip else x)
        return self.head(x)


def receptive_field(depth: int) -> int:
    """Receptive field (pixels) of this U-Net: two 3×3 convs per level, 2×2 pools, transposed-conv ups."""
    rf, jump = 1, 1
    for _ in range(depth):
        rf += 4 * jump  # two 3×3 convs
        rf += jump       # 2×2 pool
        jump *= 2
    rf += 4 * jump       # bottleneck
    for _ in range(depth):
        jump //= 2
        rf += 4 * jump   # decoder convs (the transposed conv adds no context beyond its stride)
    return rf
