"""BatchNorm running statistics for averaged (EMA) weights.

An exponential moving average of the weights also averages the BatchNorm running mean/variance, but those
averaged statistics belong to none of the averaged networks: early in a run (or after a fast-moving stretch)
they can be far from what the EMA weights actually produce, and the EMA model then scores badly in eval mode
(a curve once logged test IoU 0.08 for weights that shipped at 0.84 after re-estimation). The fix, as
torch.optim.swa_utils.update_bn does: reset the statistics and re-estimate them as a cumulative average over a
few training batches in train mode. train.py (in-run evaluation, final.pt) and select_weights.py both call
`reestimate_bn` with the same batches, so the curve logs what ships.
"""
import torch

from augment import augment_batch, exact_augment, random_crops

BN_BATCHES = 40  # batches of `batch` crops; enough for a stable cumulative average at depth 4
BN_SEED = 7      # fixed: the same weights always get the same statistics (train.py and select_weights.py agree)


def bn_batches(imgs, masks, tile: int, aug: str = "full", n: int = BN_BATCHES, batch: int = 4, seed: int = BN_SEED):
    """Augmented training crops (the run's own augmentation, so the statistics match what training saw)."""
    gen = torch.Generator().manual_seed(seed)
    for _ in range(n):
        x, y = random_crops(imgs, masks, batch, tile, gen)
        if aug == "exact":
            x, _ = exact_augment(x, y, tile, gen)
        else:
            x, _ = augment_batch(x, y, tile, gen, mild=aug == "mild")
        yield x


@torch.no_grad()
def reestimate_bn(model: torch.nn.Module, batches) -> torch.nn.Module:
    """Replace every BatchNorm's running statistics by their cumulative average over `batches` (train-mode
    forwards, no gradients); momenta are restored and the model is left in eval mode. Returns the model."""
    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    momenta = [m.momentum for m in bns]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # cumulative average over all batches instead of an exponential one
    model.train()
    for x in batches:
        model(x)
    for m, mom in zip(bns, momenta):
        m.momentum = mom
    model.eval()
    return model
