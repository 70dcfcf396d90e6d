#!/usr/bin/env python3
"""png-colours.py FILE [RRGGBB...]: a screenshot is not blank.

Decodes an 8-bit RGB or RGBA PNG (as Chromium writes its screenshots) with
the standard library only, prints its size, its distinct colours and the
share of pixels that are not the background, then how many pixels have each
colour given.  Exits 1 when the image is one colour, under 2 % of it differs
from the background, or a colour given is missing.
"""
import collections
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, "unsupported PNG"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, prev, out = zlib.decompress(idat), width * bpp, None, []
    for y in range(height):
        ftype, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        prev = prev or bytearray(stride)
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.extend(bytes(line[i:i + 3]) for i in range(0, stride, bpp))
        prev = line
    return width, height, out


def main():
    width, height, px = pixels(sys.argv[1])
    count = collections.Counter(px)
    background, nbg = count.most_common(1)[0]
    share = 1 - nbg / len(px)
    print("%dx%d, %d colours, %.1f %% not background" % (width, height, len(count), 100 * share))
    ok = len(count) > 1 and share >= 0.02
    for hexrgb in sys.argv[2:]:
        n = count.get(bytes.fromhex(hexrgb), 0)
        print("#%s: %d pixels" % (hexrgb, n))
        ok = ok and n > 0
    sys.exit(0 if ok else 1)


main()
