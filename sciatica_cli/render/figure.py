"""A stretch's pose as an SVG drawing: one style for every stretch.

The figure is drawn as rounded bars (pose.PARTS) seen from the pose's view: the start
position pale, the end position dark, far limbs lighter than near ones, and an arrow for
the movement. Props stand on the floor around the body. Sizes are in the pose's
centimetres, so every drawing has the same scale and line widths.

Plain string building: every value from the data is escaped for XML, and numbers are
formatted here, so nothing from a file becomes markup.
"""

from __future__ import annotations

import math
from html import escape
from typing import NamedTuple

from ..models import Figure, Pose, Stretch
from ..pose import HEAD_RADIUS, PARTS, arrow_joints, points, text_alternative
from ..textclean import clean

Vec = tuple[float, float, float]
Pt = tuple[float, float]

# (yaw, pitch) in degrees: turned about the vertical, then raised to look down.
CAMERAS = {"side": (0.0, 0.0), "front": (90.0, 0.0), "top": (0.0, 90.0),
           "side-above": (0.0, 30.0), "three-quarter": (-30.0, 30.0)}

PALETTE = {
    "end": ("#1c4f86", "#7da3cf"),  # near and trunk, far limbs
    "start": ("#b9c4cf", "#d8dee5"),
    "arrow": "#d9480f",
    "outline": "#ffffff",
    "floor": ("#eceff2", "#8a949e"),
    "mat": ("#b7dcc5", "#5b9a74"),
    "chair": ("#e3d2bd", "#8b6b4a"),
    "towel": "#e0a800",
    "cushion": ("#f1d9a7", "#b08a44"),
    "text": "#343a40",
}
OUTLINE = 1.4  # white around each part, so a limb in front reads apart from one behind
PX_PER_CM = 1.7
MARGIN = 10.0
GAP = 30.0  # between the two panels

# How thick each joint is, so an arrow starts and ends beside it, not on it.
JOINT_RADIUS = {"head": HEAD_RADIUS, "nose": 3.0, "neck": 6.0, "back": 11.0, "pelvis": 11.0,
                "elbow": 4.5, "hand": 4.0, "knee": 7.0, "ankle": 5.0, "toe": 3.5}

GROUPS = {  # drawn as one piece each, farthest first
    "far_arm": ("far_upper_arm", "far_forearm"),
    "far_leg": ("far_thigh", "far_shin", "far_foot"),
    "trunk": ("hips", "spine", "shoulders", "neck"),
    "near_leg": ("near_thigh", "near_shin", "near_foot"),
    "near_arm": ("near_upper_arm", "near_forearm"),
}


class Camera(NamedTuple):
    right: Vec
    up: Vec
    toward: Vec  # toward the eye: larger is nearer

    @classmethod
    def of(cls, view: str) -> Camera:
        yaw, pitch = (math.radians(a) for a in CAMERAS.get(view, CAMERAS["side"]))
        toward = (math.sin(yaw) * math.cos(pitch), math.sin(pitch),
                  math.cos(yaw) * math.cos(pitch))
        right = (math.cos(yaw), 0.0, -math.sin(yaw))
        up = (toward[1] * right[2] - toward[2] * right[1],
              toward[2] * right[0] - toward[0] * right[2],
              toward[0] * right[1] - toward[1] * right[0])
        return cls(right, up, toward)

    def screen(self, p: Vec) -> Pt:
        """Where a point lands in the picture (y grows downward, as in SVG)."""
        return (_dot(p, self.right), -_dot(p, self.up))

    def depth(self, p: Vec) -> float:
        return _dot(p, self.toward)


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


def _pts(points_: list[Pt]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points_)


class Canvas:
    """SVG elements in drawing order, and the box they cover."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.xs: list[float] = []
        self.ys: list[float] = []

    def cover(self, p: Pt, pad: float = 0.0) -> None:
        self.xs += [p[0] - pad, p[0] + pad]
        self.ys += [p[1] - pad, p[1] + pad]

    def add(self, element: str) -> None:
        self.items.append(element)


# ---------------------------------------------------------------------------- the drawing


def stretch_svg(stretch: Stretch) -> str:
    """The stretch's drawing as a standalone SVG document, with its text alternative.

    Two panels: the start position, then the end position over a pale copy of the start
    with an arrow for the movement. Raises ValueError if the stretch has no pose; check
    it with pose.check first.
    """
    pose = stretch.pose
    if pose is None:
        raise ValueError(f"stretch '{stretch.id}' has no pose")
    camera = Camera.of(pose.view)
    first, second = Canvas(), Canvas()
    _props_below(first, camera, pose)
    _figure(first, camera, pose.start, "end", pose)
    _props_below(second, camera, pose)
    _figure(second, camera, pose.start, "start", pose)
    _figure(second, camera, pose.end, "end", pose)
    _arrows(second, camera, pose)
    return _document(first, second, stretch)


def _document(first: Canvas, second: Canvas, stretch: Stretch) -> str:
    pose = stretch.pose
    top = min(first.ys + second.ys) - MARGIN - 12  # room for the panel's label
    bottom = max(first.ys + second.ys) + MARGIN
    shift = max(first.xs) + GAP - min(second.xs)
    left, right = min(first.xs) - MARGIN, max(second.xs) + shift + MARGIN
    width, height = right - left, bottom - top
    ident = f"figure-{escape(stretch.id)}"
    title = escape(clean(stretch.name))
    desc = escape(clean(text_alternative(stretch)))
    labels = (("Position 1", "Position 2") if pose is not None and pose.back_and_forth
              else ("1  Start", "2  End"))
    text = (f'font-family="Helvetica, Arial, sans-serif" font-size="8" font-weight="bold" '
            f'fill="{PALETTE["text"]}"')
    marker = f"url(#{ident}-head)"
    return "\n".join([
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'viewBox="{_n(left)} {_n(top)} {_n(width)} {_n(height)}" '
        f'width="{round(width * PX_PER_CM)}" height="{round(height * PX_PER_CM)}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{title}</title>',
        f'<desc id="{ident}-desc">{desc}</desc>',
        "<defs>",
        f'<marker id="{ident}-head" viewBox="0 0 10 10" refX="6" refY="5" markerWidth="3.2" '
        f'markerHeight="3.2" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{PALETTE["arrow"]}"/></marker>',
        "</defs>",
        f'<text x="{_n(min(first.xs))}" y="{_n(top + 9)}" {text}>{labels[0]}</text>',
        f'<text x="{_n(min(second.xs) + shift)}" y="{_n(top + 9)}" {text}>{labels[1]}</text>',
        '<g stroke-linecap="round" stroke-linejoin="round">',
        *first.items,
        f'<g transform="translate({_n(shift)} 0)">',
        *(item.replace("HEAD-MARKER", marker) for item in second.items),
        "</g>",
        "</g>",
        "</svg>",
    ]) + "\n"


# ---------------------------------------------------------------------------- the figure


def _figure(canvas: Canvas, camera: Camera, figure: Figure, phase: str, pose: Pose) -> None:
    """The body in pieces, farthest first: each arm, each leg, the trunk with the head.

    A piece is drawn as one shape (white outlines first, then the colour), so its joints
    run smoothly together while it stands apart from the pieces behind it. A piece's depth
    is that of its nearest joint, so a crossed ankle resting on a knee is drawn over it.
    """
    at = points(figure)
    near_colour, far_colour = PALETTE[phase]
    pieces = []
    for group, parts in GROUPS.items():
        shapes = [_bar(camera, at, part) for part in parts]
        if group == "trunk":
            joints = ["pelvis", "back", "neck", "head"]
            shapes = [s for s in shapes if _long(s)]
            shapes.append(("head", camera.screen(at["head"]), camera.screen(at["nose"])))
        else:
            joints = [j for part in parts for j in PARTS[part][:2]]
        depth = max(camera.depth(at[j]) for j in joints)
        pieces.append((depth, far_colour if group.startswith("far_") else near_colour, shapes))
    pieces.sort(key=lambda piece: piece[0])
    for _, colour, shapes in pieces:
        canvas.add("".join(_shape(shape, colour, outline=True) for shape in shapes)
                   + "".join(_shape(shape, colour, outline=False) for shape in shapes))
        for shape in shapes:
            for p, r in _extent(shape):
                canvas.cover(p, r + OUTLINE)
    if "towel" in pose.props:
        _towel(canvas, camera, at, phase)


def _long(shape: tuple) -> bool:
    """A bar seen end-on (the hips from the side) is hidden inside the trunk: leave it out."""
    if shape[0] != "line":
        return True
    return math.dist(shape[1], shape[2]) > 2.0


def _bar(camera: Camera, at: dict[str, Vec], part: str) -> tuple:
    if part == "spine":
        # One curve from the neck through the middle of the back to the pelvis.
        neck, back, pelvis = (camera.screen(at[j]) for j in ("neck", "back", "pelvis"))
        control = (2 * back[0] - (neck[0] + pelvis[0]) / 2, 2 * back[1] - (neck[1] + pelvis[1]) / 2)
        return ("curve", neck, control, pelvis, PARTS["upper_trunk"][2])
    a, b, radius = PARTS[part]
    return ("line", camera.screen(at[a]), camera.screen(at[b]), radius)


def _shape(shape: tuple, colour: str, outline: bool) -> str:
    paint = PALETTE["outline"] if outline else colour
    grow = OUTLINE if outline else 0.0
    kind = shape[0]
    if kind == "line":
        _, a, b, r = shape
        return (f'<path d="M{_n(a[0])},{_n(a[1])} L{_n(b[0])},{_n(b[1])}" fill="none" '
                f'stroke="{paint}" stroke-width="{_n(2 * (r + grow))}"/>')
    if kind == "curve":
        _, a, c, b, r = shape
        return (f'<path d="M{_n(a[0])},{_n(a[1])} Q{_n(c[0])},{_n(c[1])} {_n(b[0])},{_n(b[1])}" '
                f'fill="none" stroke="{paint}" stroke-width="{_n(2 * (r + grow))}"/>')
    if kind == "head":
        _, centre, nose = shape
        dx, dy = nose[0] - centre[0], nose[1] - centre[1]
        length = math.hypot(dx, dy)
        # The nose as a small bump on the head, so the reader sees which way the face looks;
        # seen from straight behind or in front it is hidden.
        bump = ""
        if length > 3:
            bx = centre[0] + dx / length * HEAD_RADIUS
            by = centre[1] + dy / length * HEAD_RADIUS
            bump = f'<circle cx="{_n(bx)}" cy="{_n(by)}" r="{_n(3.6 + grow)}" fill="{paint}"/>'
        return (bump + f'<circle cx="{_n(centre[0])}" cy="{_n(centre[1])}" '
                f'r="{_n(HEAD_RADIUS + grow)}" fill="{paint}"/>')
    return ""


def _extent(shape: tuple) -> list[tuple[Pt, float]]:
    if shape[0] == "line":
        return [(shape[1], shape[3]), (shape[2], shape[3])]
    if shape[0] == "curve":
        return [(shape[1], shape[4]), (shape[3], shape[4]),
                (((shape[1][0] + 2 * shape[2][0] + shape[3][0]) / 4,
                  (shape[1][1] + 2 * shape[2][1] + shape[3][1]) / 4), shape[4])]
    if shape[0] == "head":
        return [(shape[1], HEAD_RADIUS + 3)]
    return []


def _towel(canvas: Canvas, camera: Camera, at: dict[str, Vec], phase: str) -> None:
    """A towel looped around the ball of the near foot, one end in each hand."""
    ankle, toe, knee = at["near_ankle"], at["near_toe"], at["near_knee"]
    foot = _minus(toe, ankle)
    shin = _minus(ankle, knee)
    foot_len = math.sqrt(sum(c * c for c in foot)) or 1.0
    along = sum(s * f for s, f in zip(shin, foot)) / foot_len
    sole: Vec = (shin[0] - along * foot[0] / foot_len, shin[1] - along * foot[1] / foot_len,
                 shin[2] - along * foot[2] / foot_len)
    sole_len = math.sqrt(sum(c * c for c in sole)) or 1.0
    ball: Vec = (ankle[0] + foot[0] * 0.75 + sole[0] / sole_len * 4.0,
                 ankle[1] + foot[1] * 0.75 + sole[1] / sole_len * 4.0,
                 ankle[2] + foot[2] * 0.75 + sole[2] / sole_len * 4.0)
    colour = PALETTE["towel"] if phase == "end" else PALETTE["start"][1]
    ends = [camera.screen(at["far_hand"]), camera.screen(ball), camera.screen(at["near_hand"])]
    canvas.add(f'<polyline points="{_pts(ends)}" fill="none" stroke="{colour}" '
               f'stroke-width="3.2"/>')


# ---------------------------------------------------------------------------- props


def _box(camera: Camera, lo: Vec, hi: Vec, fill: str, stroke: str) -> str:
    """A box seen from the camera: its faces that look toward the eye, far ones first."""
    x0, y0, z0 = lo
    x1, y1, z1 = hi
    corners = {(i, j, k): ((x0, x1)[i], (y0, y1)[j], (z0, z1)[k])
               for i in (0, 1) for j in (0, 1) for k in (0, 1)}
    out = []
    for axis, side in ((0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)):
        sign = 1.0 if side else -1.0
        normal: Vec = (sign if axis == 0 else 0.0, sign if axis == 1 else 0.0,
                       sign if axis == 2 else 0.0)
        if camera.depth(normal) <= 1e-6:
            continue
        quad = [c for key, c in corners.items() if key[axis] == side]
        centre: Vec = (sum(c[0] for c in quad) / 4, sum(c[1] for c in quad) / 4,
                       sum(c[2] for c in quad) / 4)
        quad.sort(key=lambda c: _angle_about(c, centre, axis))
        pts = [camera.screen(c) for c in quad]
        out.append(f'<polygon points="{_pts(pts)}" fill="{fill}" stroke="{stroke}" '
                   f'stroke-width="0.8"/>')
    return "".join(out)


def _minus(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _angle_about(c: Vec, centre: Vec, axis: int) -> float:
    u, v = [i for i in range(3) if i != axis]
    return math.atan2(c[v] - centre[v], c[u] - centre[u])


def _props_below(canvas: Canvas, camera: Camera, pose: Pose) -> None:
    """The floor, then the props the body rests on, drawn before the figure."""
    both = [points(pose.start), points(pose.end)]
    xs = [p[0] for at in both for p in at.values()]
    zs = [p[2] for at in both for p in at.values()]
    low_xs = [p[0] for at in both for p in at.values() if p[1] < 25] or xs
    mat = "mat" in pose.props
    surface = -1.5 if mat else 0.0
    floor_lo = (min(xs) - 25, surface - 4, min(-40.0, min(zs) - 15))
    floor_hi = (max(xs) + 25, surface, max(40.0, max(zs) + 15))
    fill, stroke = PALETTE["floor"]
    if not (mat and camera.up[1] < 0.99):  # seen from above, a mat is floor enough
        canvas.add(_box(camera, floor_lo, floor_hi, fill, stroke))
        _cover_box(canvas, camera, floor_lo, floor_hi)
    if mat:
        fill, stroke = PALETTE["mat"]
        canvas.add(_box(camera, (min(low_xs) - 12, surface, -32), (max(low_xs) + 12, 0, 32),
                        fill, stroke))
    end = both[1]
    if "chair" in pose.props:
        _chair(canvas, camera, end)
    if "cushion" in pose.props:
        head = end["head"]
        top = max(head[1] - HEAD_RADIUS, 3.0)
        fill, stroke = PALETTE["cushion"]
        lo = (head[0] - 20, 0, head[2] - 18)
        hi = (head[0] + 20, top, head[2] + 18)
        canvas.add(_box(camera, lo, hi, fill, stroke))


def _chair(canvas: Canvas, camera: Camera, at: dict[str, Vec]) -> None:
    """A plain chair under the hips: the seat faces the knees, the back is behind."""
    pelvis = at["pelvis"]
    knees = (at["near_knee"][0] + at["far_knee"][0]) / 2
    facing = 1.0 if knees >= pelvis[0] else -1.0
    seat = pelvis[1] - 10.0
    back_x, front_x = pelvis[0] - facing * 18, pelvis[0] + facing * 26
    lo_x, hi_x = min(back_x, front_x), max(back_x, front_x)
    fill, stroke = PALETTE["chair"]
    parts = []
    for x in (lo_x + 1.5, hi_x - 1.5):  # legs, far ones first
        for z in (-19.0, 19.0):
            parts.append(((x - 1.5, 0.0, z - 1.5), (x + 1.5, seat - 3, z + 1.5)))
    parts.sort(key=lambda box: camera.depth(box[0]))
    parts.insert(2, ((lo_x, seat - 3, -21.0), (hi_x, seat, 21.0)))
    parts.append(((back_x - 1.5, seat, -21.0), (back_x + 1.5, seat + 48, 21.0)))
    for lo, hi in parts:
        canvas.add(_box(camera, lo, hi, fill, stroke))
        _cover_box(canvas, camera, lo, hi)


def _cover_box(canvas: Canvas, camera: Camera, lo: Vec, hi: Vec) -> None:
    for x in (lo[0], hi[0]):
        for y in (lo[1], hi[1]):
            for z in (lo[2], hi[2]):
                canvas.cover(camera.screen((x, y, z)))


# ---------------------------------------------------------------------------- movement


def _arrows(canvas: Canvas, camera: Camera, pose: Pose) -> None:
    start, end = points(pose.start), points(pose.end)
    centre = _mean([camera.screen(p) for p in end.values()])
    for joint in arrow_joints(pose):
        a, b = camera.screen(start[joint]), camera.screen(end[joint])
        radius = JOINT_RADIUS[joint.split("_")[-1]] + 4
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy)
        if length < 1e-6:
            continue
        ux, uy = dx / length, dy / length
        if length < 22:
            # A short move (a pelvic tilt): a straight arrow that points at the end position.
            tip = (b[0] - ux * radius, b[1] - uy * radius)
            tail = (tip[0] - ux * 18, tip[1] - uy * 18)
            d = f"M{_n(tail[0])},{_n(tail[1])} L{_n(tip[0])},{_n(tip[1])}"
            extent = [tail, tip]
        else:
            # Beside the joint's path, bowed away from the body's middle.
            nx, ny = -uy, ux
            mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            if (mid[0] - centre[0]) * nx + (mid[1] - centre[1]) * ny < 0:
                nx, ny = -nx, -ny
            shift = radius + 3
            a2 = (a[0] + nx * shift + ux * 4, a[1] + ny * shift + uy * 4)
            b2 = (b[0] + nx * shift - ux * 4, b[1] + ny * shift - uy * 4)
            bow = 0.18 * length
            control = (mid[0] + nx * (shift + bow), mid[1] + ny * (shift + bow))
            d = (f"M{_n(a2[0])},{_n(a2[1])} Q{_n(control[0])},{_n(control[1])} "
                 f"{_n(b2[0])},{_n(b2[1])}")
            extent = [a2, b2, ((a2[0] + 2 * control[0] + b2[0]) / 4,
                               (a2[1] + 2 * control[1] + b2[1]) / 4)]
        both = ' marker-start="HEAD-MARKER"' if pose.back_and_forth else ""
        canvas.add(f'<path d="{d}" fill="none" stroke="{PALETTE["arrow"]}" stroke-width="2.2"'
                   f'{both} marker-end="HEAD-MARKER"/>')
        for p in extent:
            canvas.cover(p, 4)


def _mean(pts: list[Pt]) -> Pt:
    return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
