#!/usr/bin/env bash
# Native smoke test: the desktop app runs 30 frames in a real window under Xvfb with Mesa's software GL,
# writes a screenshot, and the screenshot must not be blank (pixel variance well above zero).
set -euo pipefail
app=$1 out=$2
export LIBGL_ALWAYS_SOFTWARE=1
xvfb-run -a -s "-screen 0 1280x800x24" "$app" --frames 30 --screenshot "$out"
/usr/bin/python3 - "$out" <<'PY'
import sys, zlib, struct
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat, w, h = 8, b'', 0, 0
while pos < len(data):
    n, t = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
    if t == b'IHDR': w, h = struct.unpack('>II', body[:8])
    if t == b'IDAT': idat += body
raw = zlib.decompress(idat); stride = w * 4 + 1
lum = [sum(raw[y * stride + 1 + x * 4: y * stride + 4 + x * 4]) / 3 for y in range(0, h, 4) for x in range(0, w, 4)]
mean = sum(lum) / len(lum); var = sum((v - mean) ** 2 for v in lum) / len(lum)
distinct = len(set(int(v) for v in lum))
print(f'native screenshot {w}x{h}: luminance variance {var:.1f}, {distinct} distinct levels')
sys.exit(0 if var > 50 and distinct > 20 else 1)
PY
