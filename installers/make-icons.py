#!/usr/bin/env python3
"""Draws Patina's icon (a copper-green disc with a cream 'P') with the standard library only, and writes
resources/icons/patina.png (256x256), patina.ico (Windows, PNG inside) and patina.icns (macOS, 'ic08' PNG inside).

Run from the repository root: python3 installers/make-icons.py   (the outputs are committed; re-run after a change)
"""
import struct
import zlib
from pathlib import Path

SIZE = 256
SS = 4  # supersampling per axis, for smooth (anti-aliased) edges

VERDIGRIS = (67, 160, 140)     # copper patina green
RIM = (44, 112, 98)            # darker ring
CREAM = (246, 240, 224)        # the letter


def inside_p(x, y):
    """The letter 'P' in a 0..1 square: a stem plus a bowl (a thick half-ring closed on the left)."""
    stem = 0.31 <= x <= 0.43 and 0.21 <= y <= 0.79
    # bowl: ring centred (0.50, 0.40), outer radius 0.19, inner 0.08, right half; straight bars to the stem
    cx, cy, ro, ri = 0.51, 0.40, 0.19, 0.075
    d2 = (x - cx) ** 2 + (y - cy) ** 2
    ring = x >= cx and ri * ri <= d2 <= ro * ro
    top_bar = 0.40 <= x <= cx and cy - ro <= y <= cy - ri
    bottom_bar = 0.40 <= x <= cx and cy + ri <= y <= cy + ro
    return stem or ring or top_bar or bottom_bar


def colour(x, y):
    """RGBA of a point in the 0..1 square."""
    d2 = (x - 0.5) ** 2 + (y - 0.5) ** 2
    if d2 > 0.47 ** 2:
        return (0, 0, 0, 0)
    if inside_p(x, y):
        return CREAM + (255,)
    if d2 > 0.43 ** 2:
        return RIM + (255,)
    return VERDIGRIS + (255,)


def render(size):
    rows = []
    n = SS * SS
    for py in range(size):
        row = bytearray([0])  # PNG filter type 0
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    c = colour((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size)
                    a = c[3]
                    acc[0] += c[0] * a
                    acc[1] += c[1] * a
                    acc[2] += c[2] * a
                    acc[3] += a
            a = acc[3]
            if a == 0:
                row += bytes(4)
            else:
                row += bytes([acc[0] // a, acc[1] // a, acc[2] // a, a // n])
        rows.append(bytes(row))
    return b"".join(rows)


def png(size):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(render(size), 9))
            + chunk(b"IEND", b""))


def ico(png_bytes):
    # ICONDIR + one ICONDIRENTRY (0 = 256 px) pointing at an embedded PNG (Windows Vista and later)
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", 0, 0, 0, 0, 1, 32, len(png_bytes), 6 + 16)
    return header + entry + png_bytes


def icns(png_bytes):
    # 'ic08' = 256x256 PNG (macOS 10.5 and later)
    element = b"ic08" + struct.pack(">I", 8 + len(png_bytes)) + png_bytes
    return b"icns" + struct.pack(">I", 8 + len(element)) + element


def main():
    out = Path("resources/icons")
    out.mkdir(parents=True, exist_ok=True)
    data = png(SIZE)
    (out / "patina.png").write_bytes(data)
    (out / "patina.ico").write_bytes(ico(data))
    (out / "patina.icns").write_bytes(icns(data))
    print(f"wrote {out}/patina.png ({len(data)} bytes), patina.ico, patina.icns")


if __name__ == "__main__":
    main()
