"""parlab's 64-bit arithmetic in plain Python, which every twin shares: its unit
of work (spin), its checksum, and SplitMix64's draws (docs/data.md).

The twins in this folder import it; the page pastes it into a twin in place of
that import. Python's integers have no fixed width, so every 64-bit step is
masked with MASK64 after an add, a multiply or a shift to the left, as Rust wraps.
"""
MASK64 = (1 << 64) - 1


def spin(seed, rounds):
    """`rounds` steps of parlab's 64-bit mixing function from `seed` (crate/src/work.rs)."""
    x = seed ^ 0x9E3779B97F4A7C15
    for _ in range(rounds):
        x ^= x >> 33
        x = (x * 0xFF51AFD7ED558CCD) & MASK64
        x ^= x >> 29
    return x


def checksum(values):
    """parlab's checksum of per-task values: it changes if any value or its position does."""
    acc = 0
    for index, value in enumerate(values):
        acc = ((acc << 5) & MASK64 | acc >> 59) ^ ((value + index) & MASK64)
    return acc


def draw(seed, n):
    """The n-th output (from 0) of SplitMix64 started at `seed` (docs/data.md)."""
    z = (seed + 0x9E3779B97F4A7C15 * (n + 1)) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def below(x, n):
    """A 64-bit draw scaled to 0..n-1: floor(x * n / 2^64) (docs/data.md)."""
    return (x * n) >> 64
