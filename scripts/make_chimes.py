"""Synthesise the session chimes into assets/sounds/ (standard library only, deterministic).

Each chime is one or more soft bell strikes: a few inharmonic partials (like a small singing
bowl) with a gentle attack, an exponential decay and a fade to silence, at a modest level.
Running it again writes the same files (byte for byte on the same machine; another maths
library may round a sample the other way); the tests check the committed files against it.

    python scripts/make_chimes.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 22_050
PEAK = 0.45  # of full scale: clearly audible, never startling
ATTACK_S = 0.02
FADE_S = 0.35
# (ratio to the fundamental, relative loudness, decay time constant in seconds)
PARTIALS = ((1.0, 1.0, 0.9), (2.01, 0.32, 0.5), (2.76, 0.22, 0.35), (5.40, 0.06, 0.18))

# name -> (total seconds, strikes as (start seconds, fundamental Hz, loudness))
CHIMES: dict[str, tuple[float, tuple[tuple[float, float, float], ...]]] = {
    "start": (1.6, ((0.0, 392.0, 1.0),)),
    "halfway": (2.0, ((0.0, 523.25, 0.9), (0.45, 392.0, 1.0))),
    "spit": (1.8, ((0.0, 440.0, 1.0), (0.3, 440.0, 0.85))),
    "end": (3.0, ((0.0, 587.33, 0.85), (0.6, 493.88, 0.9), (1.2, 392.0, 1.0))),
}


def strike(t: float, frequency: float) -> float:
    """One bell strike t seconds after it was struck (before the overall level)."""
    if t < 0:
        return 0.0
    attack = 0.5 - 0.5 * math.cos(math.pi * min(t / ATTACK_S, 1.0))
    return attack * sum(
        loudness * math.exp(-t / decay) * math.sin(2 * math.pi * frequency * ratio * t)
        for ratio, loudness, decay in PARTIALS
    )


def render(seconds: float, strikes: tuple[tuple[float, float, float], ...]) -> list[float]:
    count = round(seconds * RATE)
    samples = []
    for n in range(count):
        t = n / RATE
        value = sum(level * strike(t - begin, hz) for begin, hz, level in strikes)
        left = seconds - t
        if left < FADE_S:
            value *= 0.5 - 0.5 * math.cos(math.pi * left / FADE_S)
        samples.append(value)
    loudest = max(abs(value) for value in samples)
    return [value * PEAK / loudest for value in samples]


def write_wav(path: Path, samples: list[float]) -> None:
    frames = b"".join(struct.pack("<h", round(value * 32767)) for value in samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


def make_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (seconds, strikes) in CHIMES.items():
        path = folder / f"{name}.wav"
        write_wav(path, render(seconds, strikes))
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    default = Path(__file__).resolve().parent.parent / "assets" / "sounds"
    folder = Path(argv[0]) if argv else default
    for path in make_all(folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
