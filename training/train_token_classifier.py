"""Fine-tune a character-level token classifier on the govie schema.

    python training/train_token_classifier.py configs/tiny.yaml [OUTPUT_DIR] [key=value ...]

One YAML file per experiment fills ModelArguments, DataArguments (ie/train/arguments.py)
and transformers' TrainingArguments; `key=value` pairs override it (values read as YAML).
`govie train --config FILE -o DIR` does the same.

Data-parallel on several processes (gloo on CPU, NCCL on GPUs), one line:

    accelerate launch --multi_gpu --num_processes 2 training/train_token_classifier.py configs/tiny.yaml OUT
    torchrun --nproc_per_node 2 training/train_token_classifier.py configs/tiny.yaml OUT
"""

import sys

import yaml

from ie.train.experiment import train_from_config


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    config, rest = argv[0], argv[1:]
    output = rest.pop(0) if rest and "=" not in rest[0] else None
    overrides = {k: yaml.safe_load(v) for k, v in (a.split("=", 1) for a in rest)}
    info, summary = train_from_config(config, output, overrides)
    if info.get("main_process", True):
        print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
