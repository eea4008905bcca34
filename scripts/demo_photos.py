#!/usr/bin/env python3
"""Demo photos for the loa demo site (the repository root).

What it makes
-------------
1. Mock-ups ("phối cảnh"): pictures drawn from simple shapes that show how loa's own slogan
   artwork looks in place -- a street banner (băng rôn) across a street, banners over a school
   gate, vertical flags (cờ phướn) in front of a building, a hall stage with a banner, a screen
   and flags, and a stage backdrop for the 2023 opening ceremony. The banner, flag and social
   card pictures are the PNGs written by `loa banner`, pasted into the scenes with a perspective
   transform; the 2023 backdrop (there are no 2023 slogans in the demo content, so `loa banner`
   has no 2023 artwork) is laid out here in the same colours with the theme's font,
   Be Vietnam Pro. None of them is a photograph; every caption says "Phối cảnh" / "Mock-up".

   One mock-up, content/galleries/phoi-canh-bang-ron-2022/02-co-phuon-truoc-nha-van-hoa.jpg,
   is stored on purpose the way a phone stores a portrait photo: its pixels are turned 90°
   counter-clockwise, EXIF Orientation is 6 ("rotate 90° clockwise to view") and it carries a
   made-up GPS position. It shows that a loa build turns photos upright and strips all
   metadata, GPS included.

2. Stock photos (only with --wallpapers): real photographs under Creative Commons licences
   from Debian's lomiri-wallpapers-16.04 and lomiri-wallpapers-20.04 packages, scaled down to
   a long side of 3000 px (album) or 2000 px (news posts) and re-encoded as JPEG, quality 80,
   without metadata. Authors and licences: PHOTO-CREDITS.md.

Everything is deterministic: fixed random seeds, no clock, no network. The same Pillow and
the same loa artwork give the same files.

How to rerun
------------
From the repository root, with Pillow installed (`pip install pillow`):

    cargo build --release                      # if target/release/loa is missing
    python3 scripts/demo_photos.py             # mock-ups only (runs `loa banner` itself)

    # also the stock photos, from the Debian packages:
    apt-get download lomiri-wallpapers-16.04 lomiri-wallpapers-20.04
    for d in lomiri-wallpapers-*.deb; do dpkg-deb -x "$d" /tmp/wp; done
    python3 scripts/demo_photos.py --wallpapers /tmp/wp/usr/share/backgrounds

Options: --loa PATH (the loa binary, default target/release/loa), --banners DIR (use artwork
already written by `loa banner -o DIR` instead of running loa). Files are overwritten in
place; captions live in the bundles' front matter and are not touched.
"""

import argparse
import io
import math
import os
import random
import subprocess
import sys
import tempfile

try:
    from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
except ImportError:  # pragma: no cover
    sys.exit("Pillow is needed: pip install pillow")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FONTS = os.path.join(ROOT, "themes", "default", "fonts")
GALLERY_MOCKUPS = os.path.join(ROOT, "content", "galleries", "phoi-canh-bang-ron-2022")
GALLERY_STOCK = os.path.join(ROOT, "content", "galleries", "kho-anh-dung-chung")
NEWS = os.path.join(ROOT, "content", "news")

SS = 2  # scenes are drawn at twice the output size and scaled down (smooth edges)

# Colours of loa's artwork (sampled from its PNGs).
RED = (200, 16, 46)
RED_DARK = (132, 10, 30)
YELLOW = (255, 205, 0)


# --------------------------------------------------------------------------------------------
# Small geometry helpers: a pinhole camera, near-plane clipping, perspective paste
# --------------------------------------------------------------------------------------------

class Camera:
    """World: x to the right, y up, z forward (metres). yaw > 0 turns right, pitch > 0 up."""

    def __init__(self, w, h, pos, yaw=0.0, pitch=0.0, fov=60.0):
        self.w, self.h = w, h
        self.pos = pos
        self.cy_, self.sy_ = math.cos(math.radians(yaw)), math.sin(math.radians(yaw))
        self.cp_, self.sp_ = math.cos(math.radians(pitch)), math.sin(math.radians(pitch))
        self.f = (w / 2) / math.tan(math.radians(fov) / 2)

    def cam(self, p):
        x, y, z = p[0] - self.pos[0], p[1] - self.pos[1], p[2] - self.pos[2]
        x, z = self.cy_ * x - self.sy_ * z, self.sy_ * x + self.cy_ * z
        y, z = self.cp_ * y - self.sp_ * z, self.sp_ * y + self.cp_ * z
        return (x, y, z)

    def proj_cam(self, c):
        x, y, z = c
        return (self.w / 2 + self.f * x / z, self.h / 2 - self.f * y / z)

    def pt(self, p):
        return self.proj_cam(self.cam(p))

    def depth(self, p):
        return self.cam(p)[2]

    def poly(self, pts, near=0.25):
        cs = [self.cam(p) for p in pts]
        out = []
        n = len(cs)
        for i in range(n):  # Sutherland-Hodgman against the plane z = near
            a, b = cs[i], cs[(i + 1) % n]
            ina, inb = a[2] >= near, b[2] >= near
            if ina:
                out.append(a)
            if ina != inb:
                t = (near - a[2]) / (b[2] - a[2])
                out.append(tuple(a[k] + t * (b[k] - a[k]) for k in range(3)))
        return [self.proj_cam(c) for c in out]

    def horizon_y(self):
        return self.pt((self.pos[0], self.pos[1], self.pos[2] + 1e6))[1]


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def perspective_coeffs(dst, src):
    """Coefficients for Image.transform(PERSPECTIVE) mapping output points dst to input src."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.append(v)
    return solve(a, b)


def paste_quad(canvas, art, quad):
    """Paste RGBA `art` onto RGB `canvas` so that its corners land on quad (TL, TR, BR, BL)."""
    w, h = art.size
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    x0, y0 = max(0, int(min(xs)) - 2), max(0, int(min(ys)) - 2)
    x1, y1 = min(canvas.width, int(max(xs)) + 3), min(canvas.height, int(max(ys)) + 3)
    if x1 <= x0 or y1 <= y0:
        return
    local = [(x - x0, y - y0) for x, y in quad]
    coeffs = perspective_coeffs(local, [(0, 0), (w, 0), (w, h), (0, h)])
    warped = art.transform((x1 - x0, y1 - y0), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    region = canvas.crop((x0, y0, x1, y1)).convert("RGBA")
    region.alpha_composite(warped)
    canvas.paste(region.convert("RGB"), (x0, y0))


def quad_world(cam, corners):
    return [cam.pt(p) for p in corners]


def mix(c1, c2, t):
    t = max(0.0, min(1.0, t))
    return tuple(int(round(a + (b - a) * t)) for a, b in zip(c1, c2))


def shade(c, k):
    return tuple(max(0, min(255, int(round(v * k)))) for v in c)


# --------------------------------------------------------------------------------------------
# Materials: fabric folds and light on the artwork
# --------------------------------------------------------------------------------------------

def fabric(art, rng, folds=7, depth=0.10, light=(1.0, 0.9), horizontal=True, glossy=0.0):
    """Multiply the artwork by soft fold stripes and a light gradient; keep its alpha."""
    art = art.convert("RGBA")
    w, h = art.size
    n = w if horizontal else h
    phases = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
    row = []
    for i in range(n):
        t = i / n
        v = (math.sin(2 * math.pi * folds * t + phases[0]) * 0.6
             + math.sin(2 * math.pi * folds * 2.3 * t + phases[1]) * 0.3
             + math.sin(2 * math.pi * folds * 0.45 * t + phases[2]) * 0.4)
        k = 1.0 - depth * (0.5 + 0.5 * v / 1.3)
        k *= light[0] + (light[1] - light[0]) * t
        row.append(max(0, min(255, int(255 * k))))
    if horizontal:
        strip = Image.new("L", (n, 1))
        strip.putdata(row)
        sh = strip.resize((w, h), Image.BILINEAR)
    else:
        strip = Image.new("L", (1, n))
        strip.putdata(row)
        sh = strip.resize((w, h), Image.BILINEAR)
    rgb = ImageChops.multiply(art.convert("RGB"), Image.merge("RGB", (sh, sh, sh)))
    if glossy:
        hi = sh.point(lambda v: max(0, v - 235) * int(glossy * 10))
        rgb = ImageChops.add(rgb, Image.merge("RGB", (hi, hi, hi)))
    out = rgb.convert("RGBA")
    out.putalpha(art.getchannel("A"))
    return out


# --------------------------------------------------------------------------------------------
# Scene pieces
# --------------------------------------------------------------------------------------------

def sky(img, cam, top=(118, 160, 205), horizon=(214, 226, 234), clouds=4, rng=None):
    hy = cam.horizon_y()
    col = Image.new("RGB", (1, img.height))
    px = []
    for y in range(img.height):
        t = y / max(1.0, hy) if hy > 0 else 1.0
        px.append(mix(top, horizon, t ** 1.4))
    col.putdata(px)
    img.paste(col.resize(img.size, Image.BILINEAR))
    if clouds and rng:
        layer = Image.new("L", img.size, 0)
        d = ImageDraw.Draw(layer)
        for _ in range(clouds):
            cx = rng.uniform(0, img.width)
            cy = rng.uniform(0.05, 0.6) * max(hy, img.height * 0.2)
            for _ in range(7):
                rx = rng.uniform(0.05, 0.12) * img.width
                ry = rx * rng.uniform(0.25, 0.4)
                ox, oy = rng.uniform(-1.2, 1.2) * rx, rng.uniform(-0.5, 0.3) * ry
                d.ellipse((cx + ox - rx, cy + oy - ry, cx + ox + rx, cy + oy + ry),
                          fill=int(rng.uniform(90, 150)))
        layer = layer.filter(ImageFilter.GaussianBlur(img.width / 60))
        img.paste(Image.new("RGB", img.size, (246, 247, 249)), (0, 0), layer)


def ground_poly(d, cam, x0, x1, z0, z1, color, y=0.0):
    d.polygon(cam.poly([(x0, y, z0), (x1, y, z0), (x1, y, z1), (x0, y, z1)]), fill=color)


def box(d, cam, x0, x1, y0, y1, z0, z1, front, side, top=None, light_from_left=True):
    """An axis-aligned box: visible faces drawn back to front."""
    cx = cam.pos[0]
    faces = []
    # front (z0) face
    faces.append(([(x0, y0, z0), (x1, y0, z0), (x1, y1, z0), (x0, y1, z0)], front))
    if cx < x0:
        faces.insert(0, ([(x0, y0, z0), (x0, y0, z1), (x0, y1, z1), (x0, y1, z0)],
                         side if not light_from_left else shade(front, 0.92)))
    elif cx > x1:
        faces.insert(0, ([(x1, y0, z0), (x1, y0, z1), (x1, y1, z1), (x1, y1, z0)],
                         side))
    if top is not None and cam.pos[1] > y1:
        faces.insert(0, ([(x0, y1, z0), (x1, y1, z0), (x1, y1, z1), (x0, y1, z1)], top))
    for pts, c in faces:
        d.polygon(cam.poly(pts), fill=c)


def tree(img, cam, x, z, rng, height=4.6, radius=2.0, haze=None):
    d = ImageDraw.Draw(img)
    dist = cam.depth((x, 0, z))
    hz = (lambda c: mix(c, haze, dist / 160)) if haze else (lambda c: c)
    tw = 0.16
    d.polygon(cam.poly([(x - tw, 0, z), (x + tw, 0, z), (x + tw * 0.7, height - 0.8, z),
                        (x - tw * 0.7, height - 0.8, z)]), fill=hz((88, 74, 60)))
    for k in (-1, 1):                                                     # two main branches
        d.line([cam.pt((x, height - 1.4, z)), cam.pt((x + k * radius * 0.45, height - 0.2, z))],
               fill=hz((84, 72, 58)), width=max(1, int(cam.f * 0.12 / dist)))
    blobs = []
    for _ in range(34):
        a = rng.uniform(0, 2 * math.pi)
        r = radius * math.sqrt(rng.uniform(0, 1)) * 0.78
        bx, by = x + math.cos(a) * r, height + math.sin(a) * r * 0.62
        br = radius * rng.uniform(0.22, 0.38)
        blobs.append((by + rng.uniform(-0.2, 0.2), bx, br))
    blobs.sort()
    for by, bx, br in blobs:  # lower blobs first, in shade; upper, sunlit ones on top
        cxy = cam.pt((bx, by, z))
        rr = cam.f * br / dist
        t = (by - (height - radius * 0.6)) / (radius * 1.2) + (x - bx) / radius * 0.25
        base = mix((44, 72, 40), (112, 148, 74), t + rng.uniform(-0.12, 0.12))
        d.ellipse((cxy[0] - rr, cxy[1] - rr * 0.85, cxy[0] + rr, cxy[1] + rr * 0.85),
                  fill=hz(base))


def ground_shadows(img, cam, spots, strength=0.72, blur=0.004, polys=()):
    """Soft shadows on the ground: spots are (x, z, rx, rz) ellipses, polys lists of (x, z)."""
    layer = Image.new("L", img.size, 255)
    d = ImageDraw.Draw(layer)
    for x, z, rx, rz in spots:
        pts = [(x + rx * math.cos(t / 24 * 2 * math.pi), 0.01, z + rz * math.sin(t / 24 * 2 * math.pi))
               for t in range(24)]
        d.polygon(cam.poly(pts), fill=int(255 * strength))
    for pts in polys:
        d.polygon(cam.poly([(x, 0.01, z) for x, z in pts]), fill=int(255 * strength))
    layer = layer.filter(ImageFilter.GaussianBlur(img.width * blur))
    img.paste(ImageChops.multiply(img, Image.merge("RGB", (layer, layer, layer))))


def seg(d, cam, a, b, color, width):
    """A straight line between two world points, clipped at the camera's near plane."""
    pts = cam.poly([a, b])
    if len(pts) >= 2:
        d.line(pts[:2], fill=color, width=max(1, int(width)))


def rope(d, cam, a, b, sag, color, width):
    pts = []
    for i in range(13):
        t = i / 12
        p = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t - sag * 4 * t * (1 - t),
             a[2] + (b[2] - a[2]) * t)
        pts.append(cam.pt(p))
    d.line(pts, fill=color, width=max(1, int(width)), joint="curve")


def pole(d, cam, x, z, h, r=0.06, color=(120, 124, 128)):
    dist = cam.depth((x, 0, z))
    w = max(1.5, cam.f * r * 2 / dist)
    d.line([cam.pt((x, 0, z)), cam.pt((x, h, z))], fill=color, width=int(w))


def shophouse(d, cam, xs, z0, width, height, color, rng, haze, lit):
    """A Vietnamese tube house (nhà ống) facade on the plane x = xs, from z0 to z0 + width."""
    z1 = z0 + width
    dist = cam.depth((xs, 0, (z0 + z1) / 2))
    k = 1.0 if lit else 0.78
    hz = lambda c: mix(shade(c, k), haze, min(0.85, dist / 170))

    def q(y0, y1, a0, a1, c):
        d.polygon(cam.poly([(xs, y0, z0 + a0 * width), (xs, y0, z0 + a1 * width),
                            (xs, y1, z0 + a1 * width), (xs, y1, z0 + a0 * width)]), fill=hz(c))

    q(0, height, 0, 1, color)
    # ground floor: an open shop, a roller shutter or a glass front, a sign board above
    q(0.15, 3.0, 0.06, 0.94, (58, 56, 54))
    kind = rng.choice(["open", "open", "shutter", "glass"])
    if kind == "open":
        q(0.15, 2.9, 0.08, 0.92, (46, 42, 38))
        for i in range(5):                                                # goods on shelves
            a0 = 0.14 + i * 0.15
            q(0.6 + rng.uniform(0, 0.6), 1.6 + rng.uniform(0, 0.8), a0, a0 + 0.1,
              rng.choice([(150, 120, 80), (90, 110, 140), (170, 160, 140), (130, 70, 60)]))
        q(0.15, 0.3, 0.08, 0.92, (120, 114, 104))
    elif kind == "shutter":
        q(0.15, 2.9, 0.08, 0.92, (150, 152, 152))
        y = 0.35
        while y < 2.8:
            q(y, y + 0.04, 0.08, 0.92, (124, 126, 128))
            y += 0.22
    else:
        q(0.15, 2.9, 0.08, 0.92, (104, 124, 134))
        q(0.15, 2.9, 0.48, 0.52, (70, 72, 74))
    sign = rng.choice([(44, 92, 150), (176, 48, 40), (236, 236, 228), (40, 120, 96), (210, 160, 50)])
    q(3.05, 3.7, 0.04, 0.96, sign)
    floor = 3.9
    while floor + 2.8 < height:
        q(floor + 0.95, floor + 2.65, 0.22, 0.78, (70, 80, 92))      # door to the balcony
        q(floor + 1.05, floor + 2.55, 0.26, 0.74, (120, 138, 150))   # glass
        q(floor, floor + 0.2, 0.0, 1.0, shade(color, 0.8))          # balcony slab
        q(floor + 0.2, floor + 1.1, 0.03, 0.97, shade(color, 0.9))  # railing
        floor += 3.4
    q(height - 0.35, height, 0, 1, shade(color, 0.85))               # parapet


def street_cables(d, cam, xs, z_from, z_to, heights, color, width):
    for h in heights:
        step = 18.0
        z = z_from
        while z < z_to:
            rope(d, cam, (xs, h, z), (xs, h, z + step), 0.35, color, width)
            z += step


def finish(img, out_size, rng, grain=0.055, blur=0.0, vignette=0.18, warmth=(1.0, 1.0, 1.0)):
    """Scale down from the supersampled canvas, then lens/sensor touches: vignette, grain."""
    img = img.resize(out_size, Image.LANCZOS)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    w, h = img.size
    if warmth != (1.0, 1.0, 1.0):
        r, g, b = img.split()
        img = Image.merge("RGB", (r.point(lambda v: min(255, int(v * warmth[0]))),
                                  g.point(lambda v: min(255, int(v * warmth[1]))),
                                  b.point(lambda v: min(255, int(v * warmth[2])))))
    if vignette:
        v = Image.new("L", (64, 48), 0)
        px = []
        for y in range(48):
            for x in range(64):
                dx, dy = (x - 31.5) / 32, (y - 23.5) / 24
                px.append(int(255 * (1 - vignette * min(1.0, (dx * dx + dy * dy) / 2) ** 1.5 * 1.6)))
        v.putdata(px)
        v = v.resize((w, h), Image.BICUBIC)
        img = ImageChops.multiply(img, Image.merge("RGB", (v, v, v)))
    if grain:
        gw, gh = w // 2, h // 2
        noise = Image.frombytes("L", (gw, gh), rng.randbytes(gw * gh))
        noise = noise.filter(ImageFilter.GaussianBlur(0.6)).resize((w, h), Image.BILINEAR)
        noise = noise.point(lambda v: int(128 + (v - 128) * grain))
        img = ImageChops.add(img, Image.merge("RGB", (noise, noise, noise)), 1.0, -128)
    return img


# --------------------------------------------------------------------------------------------
# Scenes
# --------------------------------------------------------------------------------------------

def scene_street(art, size, seed):
    """A street of tube houses with a horizontal banner across it between two poles."""
    rng = random.Random(seed)
    W, H = size[0] * SS, size[1] * SS
    img = Image.new("RGB", (W, H))
    cam = Camera(W, H, pos=(-1.0, 1.6, 0), yaw=6, pitch=6, fov=62)
    haze = (205, 214, 220)
    sky(img, cam, rng=rng)
    d = ImageDraw.Draw(img)
    far = 260
    ground_poly(d, cam, -3.6, 3.6, 1, far, (98, 99, 102))                 # road
    ground_poly(d, cam, -7.5, -3.6, 1, far, (168, 160, 148))             # sidewalks
    ground_poly(d, cam, 3.6, 7.5, 1, far, (176, 168, 156))
    ground_poly(d, cam, -3.75, -3.6, 1, far, (196, 192, 184))             # curbs
    ground_poly(d, cam, 3.6, 3.75, 1, far, (196, 192, 184))
    z = 2.0
    while z < far:                                                        # centre line
        ground_poly(d, cam, -0.07, 0.07, z, z + 3, (226, 224, 214))
        z += 9
    palettes = [(232, 214, 168), (214, 200, 182), (222, 184, 150), (236, 228, 206),
                (196, 206, 190), (226, 206, 196), (240, 222, 186)]
    for side, xs in ((-1, -7.5), (1, 7.5)):
        z = 1.0
        houses = []
        while z < far:
            wdt = rng.uniform(4.0, 6.0)
            hgt = rng.choice([7.6, 11.0, 11.0, 14.4, 17.8])
            houses.append((z, wdt, hgt, rng.choice(palettes)))
            z += wdt
        for z0, wdt, hgt, col in reversed(houses):
            shophouse(d, cam, xs, z0, wdt, hgt, col, rng, haze, lit=(side > 0))
    street_cables(d, cam, -4.2, 1, 200, (6.4, 6.9), (50, 50, 54), W / 1600)
    street_cables(d, cam, 4.2, 1, 200, (6.6,), (50, 50, 54), W / 1600)
    # tree shadows (sun from the front left)
    trees = [(-4.5, z) for z in range(19, 130, 12)] + [(4.5, z) for z in range(24, 130, 12)]
    ground_shadows(img, cam, [(x + 1.0, z - 1.6, 1.9, 1.5) for x, z in trees])
    for x in (-7.2, 7.2):                                                 # building shade
        ground_shadows(img, cam, [(x, z, 0.5, 5) for z in range(2, 200, 8)], strength=0.82)
    d = ImageDraw.Draw(img)
    items = [(z, "tree", x) for x, z in trees]
    bz = 14.0
    items.append((bz, "banner", 0))
    for x, z in ((-4.2, bz), (4.2, bz)):
        items.append((z + 0.01, "pole", x))
    for z, kind, x in sorted(items, reverse=True):
        if kind == "tree":
            tree(img, cam, x, z, random.Random(int(z * 100 + x * 10)), haze=haze,
                 radius=rng.uniform(1.8, 2.2), height=rng.uniform(4.8, 5.4))
        elif kind == "pole":
            pole(d, cam, x, z, 7.0, r=0.07, color=(110, 112, 116))
        else:
            top, bot = 5.5, 4.7
            a = fabric(art, rng, folds=6, depth=0.12, light=(1.0, 0.86))
            rope(d, cam, (-4.2, 6.1, bz), (-2.5, top, bz), 0.05, (60, 60, 60), W / 1300)
            rope(d, cam, (-4.2, 4.3, bz), (-2.5, bot, bz), 0.03, (60, 60, 60), W / 1300)
            rope(d, cam, (4.2, 6.1, bz), (2.5, top, bz), 0.05, (60, 60, 60), W / 1300)
            rope(d, cam, (4.2, 4.3, bz), (2.5, bot, bz), 0.03, (60, 60, 60), W / 1300)
            paste_quad(img, a, quad_world(cam, [(-2.5, top, bz), (2.5, top, bz),
                                                (2.5, bot - 0.04, bz), (-2.5, bot, bz)]))
            d = ImageDraw.Draw(img)
    return finish(img, size, rng, grain=0.07, vignette=0.16, warmth=(1.02, 1.0, 0.97))


def school_building(d, cam, z, x0, x1, floors, rng, wall=(236, 204, 118), column=(244, 240, 228)):
    fh = 3.6
    top = floors * fh + 0.9
    d.polygon(cam.poly([(x0, 0, z), (x1, 0, z), (x1, top, z), (x0, top, z)]), fill=wall)
    d.polygon(cam.poly([(x0 - 0.3, top, z - 0.3), (x1 + 0.3, top, z - 0.3),
                        (x1 + 0.3, top + 0.5, z - 0.3), (x0 - 0.3, top + 0.5, z - 0.3)]),
              fill=(178, 70, 52))                                        # roof edge (tiles)
    for f in range(floors):
        y = f * fh + 0.3
        d.polygon(cam.poly([(x0 + 0.6, y, z), (x1 - 0.6, y, z), (x1 - 0.6, y + fh - 0.6, z),
                            (x0 + 0.6, y + fh - 0.6, z)]), fill=shade(wall, 0.55))  # veranda shade
        x = x0 + 1.2
        while x < x1 - 2:                                                  # doors, windows
            d.polygon(cam.poly([(x + 0.5, y, z + 0.01), (x + 1.5, y, z + 0.01),
                                (x + 1.5, y + 2.3, z + 0.01), (x + 0.5, y + 2.3, z + 0.01)]),
                      fill=(56, 112, 118))
            d.polygon(cam.poly([(x + 2.2, y + 1.0, z + 0.01), (x + 3.4, y + 1.0, z + 0.01),
                                (x + 3.4, y + 2.3, z + 0.01), (x + 2.2, y + 2.3, z + 0.01)]),
                      fill=(84, 138, 144))
            x += 4.0
        d.polygon(cam.poly([(x0, y - 0.3, z - 0.05), (x1, y - 0.3, z - 0.05),
                            (x1, y, z - 0.05), (x0, y, z - 0.05)]), fill=shade(wall, 0.86))
        if f > 0:                                                          # balustrade
            d.polygon(cam.poly([(x0 + 0.6, y, z - 0.05), (x1 - 0.6, y, z - 0.05),
                                (x1 - 0.6, y + 1.0, z - 0.05), (x0 + 0.6, y + 1.0, z - 0.05)]),
                      fill=(236, 234, 224))
            xx = x0 + 0.9
            while xx < x1 - 0.8:
                d.polygon(cam.poly([(xx, y + 0.12, z - 0.06), (xx + 0.12, y + 0.12, z - 0.06),
                                    (xx + 0.12, y + 0.88, z - 0.06), (xx, y + 0.88, z - 0.06)]),
                          fill=(200, 196, 184))
                xx += 0.35
    xx = x0
    while xx <= x1 + 0.01:                                                # columns
        d.polygon(cam.poly([(xx - 0.2, 0, z - 0.1), (xx + 0.2, 0, z - 0.1),
                            (xx + 0.2, top, z - 0.1), (xx - 0.2, top, z - 0.1)]), fill=column)
        xx += 4.0


def vn_flag(d, cam, x, z, h):
    pole(d, cam, x, z, h, r=0.05, color=(190, 192, 196))
    fx0, fy1 = x + 0.05, h - 0.1
    fw, fh = 1.5, 1.0
    d.polygon(cam.poly([(fx0, fy1, z), (fx0 + fw, fy1 - 0.05, z), (fx0 + fw, fy1 - fh - 0.05, z),
                        (fx0, fy1 - fh, z)]), fill=(206, 30, 38))
    cx, cy, r = fx0 + fw / 2, fy1 - fh / 2 - 0.02, 0.3
    star = []
    for i in range(10):
        a = math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.38
        star.append((cx + rr * math.cos(a), cy + rr * math.sin(a), z - 0.01))
    d.polygon(cam.poly(star), fill=(255, 214, 0))


def scene_school_gate(art, size, seed):
    """A school gate seen from the street, a banner tied between the gate pillars."""
    rng = random.Random(seed)
    W, H = size[0] * SS, size[1] * SS
    img = Image.new("RGB", (W, H))
    cam = Camera(W, H, pos=(1.4, 1.55, 0), yaw=-9, pitch=6, fov=62)
    sky(img, cam, top=(110, 156, 204), rng=rng, clouds=3)
    d = ImageDraw.Draw(img)
    haze = (205, 214, 220)
    # far background: tree line and roofs behind the school
    for i in range(40):
        x = -60 + i * 3.2 + rng.uniform(-1, 1)
        tree(img, cam, x, 60 + rng.uniform(0, 8), random.Random(i), height=rng.uniform(6, 9),
             radius=rng.uniform(2.5, 3.5), haze=haze)
    d = ImageDraw.Draw(img)
    ground_poly(d, cam, -60, 60, 9.6, 70, (188, 184, 174))               # school yard
    school_building(d, cam, 34, -24, 24, 3, rng)
    ground_poly(d, cam, -60, 60, 0, 6.5, (96, 97, 100))                  # street
    ground_poly(d, cam, -60, 60, 6.5, 6.7, (200, 196, 188))              # curb
    ground_poly(d, cam, -60, 60, 6.7, 9.6, (172, 164, 150))              # sidewalk
    for x in range(-40, 40, 3):                                           # sidewalk tile joints
        d.line([cam.pt((x, 0.005, 6.7)), cam.pt((x, 0.005, 9.6))], fill=(160, 152, 140),
               width=max(1, W // 1800))
    ground_shadows(img, cam, [(x + 1.2, z + 1.5, 3.2, 2.4) for x, z in
                              ((-14, 22), (-7, 26), (9, 21), (16, 25))] +
                   [(0.4, 10.0, 2.4, 0.2)], strength=0.8)
    d = ImageDraw.Draw(img)
    vn_flag(d, cam, -3.2, 24, 10)
    for x, z in ((-14, 22), (-7, 26), (9, 21), (16, 25)):
        tree(img, cam, x, z, random.Random(int(x * 7 + z)), height=6.5, radius=3.2, haze=haze)
    d = ImageDraw.Draw(img)
    # fence: low wall with railings, gate pillars
    zf = 9.6
    for x0, x1 in ((-40, -3.9), (3.9, 40)):
        d.polygon(cam.poly([(x0, 0, zf), (x1, 0, zf), (x1, 0.7, zf), (x0, 0.7, zf)]),
                  fill=(226, 214, 180))
        d.polygon(cam.poly([(x0, 0.7, zf), (x1, 0.7, zf), (x1, 0.78, zf), (x0, 0.78, zf)]),
                  fill=(196, 184, 152))
        x = x0
        while x < x1:
            d.line([cam.pt((x, 0.78, zf)), cam.pt((x, 2.1, zf))], fill=(52, 92, 84),
                   width=max(2, int(cam.f * 0.04 / cam.depth((x, 1, zf)))))
            x += 0.18
        d.line([cam.pt((x0, 2.05, zf)), cam.pt((x1, 2.05, zf))], fill=(52, 92, 84),
               width=max(2, int(cam.f * 0.06 / 10)))
        d.line([cam.pt((x0, 1.2, zf)), cam.pt((x1, 1.2, zf))], fill=(52, 92, 84),
               width=max(2, int(cam.f * 0.05 / 10)))
        for xp in range(int(x0) + 3, int(x1) - 1, 4):                  # small fence pillars
            box(d, cam, xp - 0.2, xp + 0.2, 0, 2.3, zf - 0.2, zf + 0.2,
                (226, 214, 180), (190, 178, 148), (236, 226, 196))
    bz = zf - 0.1
    for xp in (-3.9, 3.2):
        box(d, cam, xp, xp + 0.7, 0, 3.9, zf - 0.35, zf + 0.35,
            (232, 220, 186), (192, 180, 150), (240, 232, 206))
        box(d, cam, xp - 0.08, xp + 0.78, 3.9, 4.15, zf - 0.43, zf + 0.43,
            (206, 194, 160), (176, 164, 134), (224, 214, 184))
    top, bot = 3.55, 2.75
    a = fabric(art, rng, folds=5, depth=0.1, light=(1.0, 0.88))
    paste_quad(img, a, quad_world(cam, [(-2.5, top, bz - 0.36), (2.5, top, bz - 0.36),
                                        (2.5, bot, bz - 0.36), (-2.5, bot - 0.03, bz - 0.36)]))
    d = ImageDraw.Draw(img)
    for (x0, y0), (x1, y1) in (((-3.2, 3.5), (-2.5, top)), ((-3.2, 2.8), (-2.5, bot)),
                               ((3.2, 3.5), (2.5, top)), ((3.2, 2.8), (2.5, bot))):
        rope(d, cam, (x0, y0, bz - 0.36), (x1, y1, bz - 0.36), 0.01, (70, 70, 70), W / 1500)
    return finish(img, size, rng, grain=0.07, vignette=0.16, warmth=(1.02, 1.0, 0.97))


def scene_flags(flags, size, seed):
    """Vertical flags on poles along the forecourt of a public building (portrait)."""
    rng = random.Random(seed)
    W, H = size[0] * SS, size[1] * SS
    img = Image.new("RGB", (W, H))
    cam = Camera(W, H, pos=(-4.8, 1.6, 3.0), yaw=27, pitch=13, fov=60)
    sky(img, cam, top=(96, 146, 204), horizon=(208, 222, 234), rng=rng, clouds=3)
    haze = (205, 214, 222)
    for i in range(24):                                                   # trees behind
        x = -30 + i * 4.0
        tree(img, cam, x, 40 + rng.uniform(0, 6), random.Random(100 + i),
             height=rng.uniform(11, 14), radius=rng.uniform(3.0, 4.0), haze=haze)
    d = ImageDraw.Draw(img)
    ground_poly(d, cam, -40, 80, 0, 60, (192, 188, 180))                 # paved forecourt
    zb = 26
    wall, col = (234, 222, 190), (246, 242, 232)
    x0, x1 = -16, 40
    d.polygon(cam.poly([(x0, 0, zb), (x1, 0, zb), (x1, 10.5, zb), (x0, 10.5, zb)]), fill=wall)
    for f in range(2):                                                    # windows
        y = 1.2 + f * 4.4
        x = x0 + 1.5
        while x < x1 - 2:
            d.polygon(cam.poly([(x, y + 0.8, zb - 0.01), (x + 2.0, y + 0.8, zb - 0.01),
                                (x + 2.0, y + 3.4, zb - 0.01), (x, y + 3.4, zb - 0.01)]),
                      fill=(92, 110, 124))
            d.polygon(cam.poly([(x + 0.15, y + 0.95, zb - 0.02), (x + 1.85, y + 0.95, zb - 0.02),
                                (x + 1.85, y + 3.25, zb - 0.02), (x + 0.15, y + 3.25, zb - 0.02)]),
                      fill=(140, 162, 176))
            seg(d, cam, (x + 1.0, y + 0.95, zb - 0.03), (x + 1.0, y + 3.25, zb - 0.03),
                (92, 110, 124), W / 1400)
            x += 3.5
        d.polygon(cam.poly([(x0, y + 3.9, zb - 0.2), (x1, y + 3.9, zb - 0.2),
                            (x1, y + 4.1, zb - 0.2), (x0, y + 4.1, zb - 0.2)]),
                  fill=shade(wall, 0.8))                                  # floor band
    d.polygon(cam.poly([(x0 - 0.4, 10.5, zb - 0.4), (x1 + 0.4, 10.5, zb - 0.4),
                        (x1 + 0.4, 11.4, zb - 0.4), (x0 - 0.4, 11.4, zb - 0.4)]),
              fill=(184, 86, 62))                                         # roof edge
    d.polygon(cam.poly([(x0 - 0.4, 10.2, zb - 0.4), (x1 + 0.4, 10.2, zb - 0.4),
                        (x1 + 0.4, 10.5, zb - 0.4), (x0 - 0.4, 10.5, zb - 0.4)]),
              fill=(214, 204, 176))
    for i in range(4):                                                    # steps
        zz = zb - 1.3 - i * 0.45
        box(d, cam, x0 + 4, x1 - 4, 0, 1.2 - i * 0.3, zz, zz + 0.45,
            shade((222, 216, 204), 0.9 + 0.03 * i), (190, 184, 172), (232, 228, 218))
    x = x0 + 4
    while x <= x1 - 4 + 0.01:                                             # colonnade
        box(d, cam, x - 0.35, x + 0.35, 1.2, 10.2, zb - 1.3, zb - 0.6, col, (214, 208, 192))
        x += 4.0
    ground_poly(d, cam, -40, 80, 14.0, 16.0, (108, 146, 78))             # lawn strip
    for x in range(-10, 60, 3):                                           # low shrubs on it
        c = cam.pt((x + 0.5, 0.35, 15.0))
        r = cam.f * 0.55 / cam.depth((x, 0, 15))
        d.ellipse((c[0] - r, c[1] - r * 0.6, c[0] + r, c[1] + r * 0.6), fill=(70, 108, 56))
    joint, jw = (176, 172, 164), W / 1500
    for x in range(-20, 60, 2):                                           # paving joints
        seg(d, cam, (x, 0.005, 0.5), (x, 0.005, 14.0), joint, jw)
    for z in range(1, 15):
        seg(d, cam, (-20, 0.005, z), (60, 0.005, z), joint, jw)
    zf = 9.0
    xs = [-3.0 + i * 3.4 for i in range(12)]
    sx, sz = 0.32, -0.5                       # shadow offset on the ground per metre of height
    polys = []
    for x in xs:
        polys.append([(x - 0.05, zf), (x + 0.05, zf), (x + 0.05 + 7.4 * sx, zf + 7.4 * sz),
                      (x - 0.05 + 7.4 * sx, zf + 7.4 * sz)])
        polys.append([(x + 0.1 + 6.95 * sx, zf + 6.95 * sz), (x + 0.9 + 6.95 * sx, zf + 6.95 * sz),
                      (x + 0.9 + 4.45 * sx, zf + 4.45 * sz), (x + 0.1 + 4.45 * sx, zf + 4.45 * sz)])
    ground_shadows(img, cam, [], strength=0.8, blur=0.0015, polys=polys)
    d = ImageDraw.Draw(img)
    for i, x in reversed(list(enumerate(xs))):
        dist = cam.depth((x, 4, zf))
        pole(d, cam, x, zf, 7.4, r=0.05, color=(176, 178, 182))
        seg(d, cam, (x, 6.98, zf), (x + 0.95, 6.98, zf), (150, 152, 156), cam.f * 0.05 / dist)
        d.ellipse([cam.pt((x, 7.45, zf))[0] - cam.f * 0.07 / dist,
                   cam.pt((x, 7.45, zf))[1] - cam.f * 0.07 / dist,
                   cam.pt((x, 7.45, zf))[0] + cam.f * 0.07 / dist,
                   cam.pt((x, 7.45, zf))[1] + cam.f * 0.07 / dist], fill=(196, 198, 200))
        art = fabric(flags[i % len(flags)], random.Random(i), folds=2, depth=0.16,
                     light=(1.0, 0.8), horizontal=True)
        sway = 0.06 * math.sin(i * 1.7)
        paste_quad(img, art, quad_world(cam, [(x + 0.1, 6.95, zf), (x + 0.9, 6.95, zf),
                                              (x + 0.9 + sway, 4.45, zf + 0.06),
                                              (x + 0.1 + sway, 4.45, zf + 0.06)]))
        d = ImageDraw.Draw(img)
    return finish(img, size, rng, grain=0.07, vignette=0.15, warmth=(1.02, 1.0, 0.96))


def hall(size, seed, backdrop=None, banner=None, screen=None, flag=None):
    """An assembly hall: stage with a backdrop (or a banner, a screen and flags), seats."""
    rng = random.Random(seed)
    W, H = size[0] * SS, size[1] * SS
    img = Image.new("RGB", (W, H), (40, 36, 34))
    cam = Camera(W, H, pos=(0.9, 1.7, -2.5), yaw=-3, pitch=4, fov=60)
    d = ImageDraw.Draw(img)
    zb, hx, hy = 17.0, 9.0, 7.0
    d.polygon(cam.poly([(-hx, hy, -3), (hx, hy, -3), (hx, hy, zb), (-hx, hy, zb)]),
              fill=(214, 206, 192))                                       # ceiling
    for z in range(2, 17, 3):
        for x in (-6, -2, 2, 6):
            c = cam.pt((x, hy - 0.01, z + 0.5))
            r = cam.f * 0.18 / cam.depth((x, hy, z + 0.5))
            d.ellipse((c[0] - r, c[1] - r * 0.35, c[0] + r, c[1] + r * 0.35), fill=(255, 250, 232))
    d.polygon(cam.poly([(-hx, 0, -3), (-hx, 0, zb), (-hx, hy, zb), (-hx, hy, -3)]),
              fill=(196, 184, 164))                                       # side walls
    d.polygon(cam.poly([(hx, 0, -3), (hx, 0, zb), (hx, hy, zb), (hx, hy, -3)]),
              fill=(212, 200, 180))
    for z in (4.0, 8.0, 12.0):                                            # wall pillars
        for x, c in ((-hx, (184, 172, 152)), (hx, (200, 188, 168))):
            s = 1 if x < 0 else -1
            d.polygon(cam.poly([(x + s * 0.3, 0, z), (x + s * 0.3, 0, z + 0.6),
                                (x + s * 0.3, hy, z + 0.6), (x + s * 0.3, hy, z)]), fill=c)
    d.polygon(cam.poly([(-hx, 0, zb), (hx, 0, zb), (hx, hy, zb), (-hx, hy, zb)]),
              fill=(160, 30, 40))                                         # back wall: curtain red
    for i in range(60):                                                   # curtain folds
        x = -hx + i * 0.3
        d.polygon(cam.poly([(x, 0, zb - 0.01), (x + 0.12, 0, zb - 0.01), (x + 0.12, hy, zb - 0.01),
                            (x, hy, zb - 0.01)]), fill=(134, 22, 32))
    d.polygon(cam.poly([(-hx, 0, -3), (hx, 0, -3), (hx, 0, zb), (-hx, 0, zb)]),
              fill=(150, 140, 128))                                       # floor
    for z in range(1, 17):
        d.line([cam.pt((-hx, 0.003, z)), cam.pt((hx, 0.003, z))], fill=(138, 128, 116),
               width=max(1, W // 1800))
    zs, sh = 11.5, 0.9                                                    # stage
    box(d, cam, -hx, hx, 0, sh, zs, zb, (118, 40, 36), (100, 34, 30), (176, 150, 120))
    for x in range(-9, 10):                                               # stage floor boards
        d.line([cam.pt((x, sh + 0.003, zs)), cam.pt((x, sh + 0.003, zb))], fill=(162, 136, 108),
               width=max(1, W // 2000))
    if backdrop is not None:
        paste_quad(img, backdrop, quad_world(cam, [(-6.6, 6.2, zb - 0.05), (6.6, 6.2, zb - 0.05),
                                                   (6.6, 1.8, zb - 0.05), (-6.6, 1.8, zb - 0.05)]))
    if banner is not None:
        a = fabric(banner, rng, folds=8, depth=0.06, light=(1.0, 0.95))
        paste_quad(img, a, quad_world(cam, [(-5.0, 6.55, zb - 0.05), (5.0, 6.55, zb - 0.05),
                                            (5.0, 4.95, zb - 0.05), (-5.0, 4.95, zb - 0.05)]))
    d = ImageDraw.Draw(img)
    if screen is not None:
        sx0, sx1, sy0, sy1 = -2.6, 2.6, 1.75, 4.5
        d.polygon(cam.poly([(sx0 - 0.12, sy0 - 0.12, zb - 0.1), (sx1 + 0.12, sy0 - 0.12, zb - 0.1),
                            (sx1 + 0.12, sy1 + 0.12, zb - 0.1), (sx0 - 0.12, sy1 + 0.12, zb - 0.1)]),
                  fill=(22, 22, 24))
        s = screen.convert("RGB").point(lambda v: int(18 + v * 0.93)).convert("RGBA")
        paste_quad(img, s, quad_world(cam, [(sx0, sy1, zb - 0.11), (sx1, sy1, zb - 0.11),
                                            (sx1, sy0, zb - 0.11), (sx0, sy0, zb - 0.11)]))
        d = ImageDraw.Draw(img)
    if flag is not None:
        for x in (-7.4, 6.6):
            zf = 12.6
            d.line([cam.pt((x + 0.4, sh, zf)), cam.pt((x + 0.4, sh + 3.0, zf))],
                   fill=(170, 170, 172), width=max(2, int(cam.f * 0.04 / cam.depth((x, 2, zf)))))
            a = fabric(flag, random.Random(int(x * 10)), folds=2, depth=0.1, light=(1.0, 0.9))
            paste_quad(img, a, quad_world(cam, [(x, sh + 3.0, zf), (x + 0.8, sh + 3.0, zf),
                                                (x + 0.8, sh + 0.5, zf), (x, sh + 0.5, zf)]))
            d = ImageDraw.Draw(img)
    # podium with flowers, flower row along the stage edge
    box(d, cam, -5.6, -4.5, sh, sh + 1.15, 13.2, 13.8, (120, 72, 44), (96, 58, 36), (140, 90, 58))
    d.polygon(cam.poly([(-5.5, sh + 0.3, 13.19), (-4.6, sh + 0.3, 13.19), (-4.6, sh + 0.95, 13.19),
                        (-5.5, sh + 0.95, 13.19)]), fill=(196, 40, 48))
    frng = random.Random(seed + 1)
    for i in range(260):                                                  # foliage
        x = -hx + 0.2 + i * (2 * hx - 0.4) / 260
        zz, y = zs - 0.2 + frng.uniform(-0.1, 0.1), sh + frng.uniform(0.0, 0.3)
        c = cam.pt((x, y, zz))
        r = cam.f * frng.uniform(0.1, 0.16) / cam.depth((x, y, zz))
        col = mix((38, 78, 40), (84, 128, 64), frng.uniform(0, 1))
        d.ellipse((c[0] - r * 1.3, c[1] - r * 0.7, c[0] + r * 1.3, c[1] + r * 0.7), fill=col)
    for i in range(420):                                                  # flowers
        x = -hx + 0.2 + frng.uniform(0, 2 * hx - 0.4)
        zz, y = zs - 0.25 + frng.uniform(-0.1, 0.1), sh + frng.uniform(0.12, 0.42)
        c = cam.pt((x, y, zz))
        r = cam.f * frng.uniform(0.035, 0.06) / cam.depth((x, y, zz))
        col = frng.choice([(236, 196, 52), (246, 220, 90), (226, 120, 40), (236, 236, 226),
                           (206, 54, 60)])
        d.ellipse((c[0] - r, c[1] - r, c[0] + r, c[1] + r), fill=col)
    # rows of seats, far to near
    for row in range(8):
        z = 9.6 - row * 1.0
        x = -7.6
        while x < 7.6:
            if abs(x - 0.9) > 0.8:                                        # central aisle
                box(d, cam, x + 0.02, x + 0.46, 0.38, 0.46, z + 0.08, z + 0.52,
                    (110, 22, 30), (92, 18, 24), (140, 34, 40))
                box(d, cam, x, x + 0.48, 0.42, 0.98, z, z + 0.08,
                    (128, 26, 34), (100, 20, 28), (150, 40, 46))
                d.polygon(cam.poly([(x + 0.23, 0, z - 0.02), (x + 0.25, 0, z - 0.02),
                                    (x + 0.25, 0.42, z - 0.02), (x + 0.23, 0.42, z - 0.02)]),
                          fill=(60, 56, 54))                                # leg
            x += 0.56
    img = img.filter(ImageFilter.GaussianBlur(W / 2400))
    return finish(img, size, rng, grain=0.08, vignette=0.24, warmth=(1.04, 1.0, 0.94))


def backdrop_2023(width=3000):
    """Stage backdrop for the 2023 opening ceremony, in the colours and font of loa's artwork."""
    h = width // 3
    img = Image.new("RGB", (width, h))
    col = Image.new("RGB", (width, 1))
    col.putdata([mix(RED, RED_DARK, (x / width) ** 1.3) for x in range(width)])
    img.paste(col.resize((width, h)))
    d = ImageDraw.Draw(img)
    f_head = ImageFont.truetype(os.path.join(FONTS, "BeVietnamPro_700Bold.ttf"), int(h * 0.062))
    f_big = ImageFont.truetype(os.path.join(FONTS, "BeVietnamPro_800ExtraBold.ttf"), int(h * 0.135))
    f_foot = ImageFont.truetype(os.path.join(FONTS, "BeVietnamPro_600SemiBold.ttf"), int(h * 0.05))
    m = int(width * 0.06)
    d.text((width / 2, h * 0.16), "LỄ PHÁT ĐỘNG TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2023",
           font=f_head, fill=YELLOW, anchor="mm")
    d.rectangle((width / 2 - h * 0.12, h * 0.235, width / 2 + h * 0.12, h * 0.247), fill=YELLOW)
    for i, t in enumerate(("XÂY DỰNG NĂNG LỰC TỰ HỌC", "TRONG KỶ NGUYÊN SỐ")):
        d.text((width / 2, h * (0.42 + i * 0.18)), t, font=f_big, fill=(255, 255, 255), anchor="mm")
    d.text((width / 2, h * 0.83), "Thành phố Tam Kỳ, ngày 02 tháng 10 năm 2023", font=f_foot,
           fill=(255, 236, 180), anchor="mm")
    d.rectangle((m * 0.25, m * 0.25, width - m * 0.25, h - m * 0.25), outline=YELLOW,
                width=max(2, width // 500))
    return img.convert("RGBA")


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

def save_jpeg(img, path, quality=82, exif=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    buf = io.BytesIO()
    kw = {"quality": quality, "optimize": True, "progressive": True}
    if exif is not None:
        kw["exif"] = exif
    img.save(buf, "JPEG", **kw)
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    print(f"{os.path.relpath(path, ROOT)}: {img.width}×{img.height}, {len(buf.getvalue())} bytes")


def phone_portrait(img, path):
    """Store an upright portrait picture the way a phone does: sideways pixels, Orientation 6,
    and a (made-up) GPS position."""
    stored = img.rotate(90, expand=True)  # 90° counter-clockwise; viewers turn it back
    exif = Image.Exif()
    exif[0x0112] = 6                                  # Orientation: rotate 90° CW to view
    exif[0x010F] = "loa demo"                         # Make
    exif[0x0110] = "scripts/demo_photos.py"           # Model
    gps = {
        1: "N", 2: (15.0, 34.0, 25.2),                # GPSLatitude: Tam Kỳ, made up
        3: "E", 4: (108.0, 28.0, 30.0),               # GPSLongitude
        5: 0, 6: 12.0,                                # GPSAltitude above sea level
    }
    exif[0x8825] = gps
    save_jpeg(stored, path, exif=exif.tobytes())


def load_art(banners, lang, slug, fmt):
    path = os.path.join(banners, lang, slug, fmt + ".png")
    if not os.path.exists(path):
        sys.exit(f"missing artwork {path}: run `loa banner -o DIR` first")
    return Image.open(path).convert("RGBA")


def make_mockups(banners):
    art = lambda slug, fmt: load_art(banners, "vi", slug, fmt)
    # Album: 2022 artwork in place
    img = scene_street(art("2022-chia-khoa-thanh-cong", "bang-ron"), (2400, 1800), seed=2022_01)
    save_jpeg(img, os.path.join(GALLERY_MOCKUPS, "01-bang-ron-tren-duong-pho.jpg"))
    flags = [art(s, "co-phuon") for s in ("2022-chuyen-doi-so-thuc-day-hoc-tap",
                                          "2022-chia-khoa-thanh-cong",
                                          "2022-xay-dung-xa-hoi-hoc-tap")]
    img = scene_flags(flags, (1800, 2400), seed=2022_02)
    phone_portrait(img, os.path.join(GALLERY_MOCKUPS, "02-co-phuon-truoc-nha-van-hoa.jpg"))
    img = hall((2400, 1800), seed=2022_03,
               banner=art("2022-thuc-day-chuyen-doi-so-sau-dai-dich", "bang-ron"),
               screen=art("2022-chuyen-doi-so-thuc-day-hoc-tap", "social"),
               flag=art("2022-chia-khoa-thanh-cong", "co-phuon"))
    save_jpeg(img, os.path.join(GALLERY_MOCKUPS, "03-san-khau-hoi-truong.jpg"))
    # News posts
    img = scene_school_gate(art("2022-nhiet-liet-huong-ung", "bang-ron"), (2000, 1500),
                            seed=2022_04)
    save_jpeg(img, os.path.join(NEWS, "2022-09-30-tam-ky-treo-bang-ron-khau-hieu",
                                "phoi-canh-bang-ron-cong-truong.jpg"))
    img = hall((2000, 1500), seed=2023_01, backdrop=backdrop_2023())
    save_jpeg(img, os.path.join(NEWS, "2023-10-02-tam-ky-phat-dong-tuan-le-2023",
                                "phoi-canh-phong-nen-le-phat-dong.jpg"))


STOCK = [
    # (source file, destination, long side)
    ("picosdeeuropa_by_Aitzol_Berasategi.jpg", (GALLERY_STOCK, "01-duong-mon-picos-de-europa.jpg"), 3000),
    ("seeding_by_Clements_Engelhardt.jpg", (GALLERY_STOCK, "02-hoa-bo-cong-anh.jpg"), 3000),
    ("Picture_1A_by_freespace.jpg", (GALLERY_STOCK, "03-co-ve.jpg"), 3000),
    ("greentock_by_Peter_Nerlich.jpg", (GALLERY_STOCK, "04-dong-ho-treo-tuong.jpg"), 3000),
    ("Kleiber_by_Lukas_Baubkus.jpg", (GALLERY_STOCK, "05-chim-treo-cay.jpg"), 3000),
    ("sunset_by_Aitzol_Berasategi.jpg", (GALLERY_STOCK, "06-hoang-hon-tren-nui.jpg"), 3000),
    ("Picture_1A_by_freespace.jpg",
     (os.path.join(NEWS, "2023-10-07-kim-dong-ngay-hoi-doc-sach-gia-dinh"), "anh-minh-hoa-co-ve.jpg"), 2000),
    ("greentock_by_Peter_Nerlich.jpg",
     (os.path.join(NEWS, "2023-10-05-gdnn-gdtx-tam-ky-tu-hoc-hoc-lieu-mo"), "anh-minh-hoa-dong-ho.jpg"), 2000),
]


def make_stock(wallpapers):
    for src, (folder, name), long_side in STOCK:
        path = os.path.join(wallpapers, src)
        if not os.path.exists(path):
            sys.exit(f"missing {path}")
        img = Image.open(path)
        img = img.convert("RGB")
        img.thumbnail((long_side, long_side), Image.LANCZOS)  # never enlarges
        save_jpeg(img, os.path.join(folder, name), quality=80)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loa", default=os.path.join(ROOT, "target", "release", "loa"))
    ap.add_argument("--banners", help="artwork written by `loa banner -o DIR`")
    ap.add_argument("--wallpapers", help="usr/share/backgrounds of the lomiri-wallpapers packages")
    ap.add_argument("--no-mockups", action="store_true")
    args = ap.parse_args()
    if not args.no_mockups:
        if args.banners:
            make_mockups(args.banners)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run([args.loa, "banner", "-r", ROOT, "-l", "vi", "-o", tmp], check=True)
                make_mockups(tmp)
    if args.wallpapers:
        make_stock(args.wallpapers)


if __name__ == "__main__":
    main()
