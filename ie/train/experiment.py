"""One entry for `govie train --config FILE`: the file's `system` key picks the trainer.

`system: linear` fits the scikit-learn system (ie/train/linear.py); a file without the key is
a token-classifier experiment for the Hugging Face Trainer (ie/train/finetune.py).
"""

from pathlib import Path

from ie.train.arguments import read_config


def config_system(path: str | Path) -> str:
    return read_config(path).get("system", "model")


def train_from_config(
    path: str | Path, output: str | Path | None = None, overrides: dict | None = None
) -> tuple[dict, str]:
    """Train what the configuration names; returns the training information and one summary line."""
    system = config_system(path)
    if system == "linear":
        from ie.train.linear import fit, load_linear_config

        args = load_linear_config(path, overrides)
        target = Path(output or args.output_dir)
        info = fit(args, target)
        return info, (
            f"linear system fitted in {info['train_seconds']} s on {info['train_documents']} "
            f"documents ({info['train_candidates']} candidates) → {target}"
        )
    if system != "model":
        raise ValueError(f"{path}: unknown system {system!r} (linear, or none for the model)")
    from ie.train.finetune import train

    info = train(path, output, overrides)
    target = output or Path("models") / Path(path).stem
    dev_f1 = info["dev_metrics"].get("eval_f1", float("nan"))
    return info, (
        f"trained in {info['train_seconds']} s on {info['train_documents']} documents "
        f"({info['train_windows']} windows, {info['processes']} process(es)); "
        f"dev entity F1 {dev_f1:.3f} → {target}"
    )
