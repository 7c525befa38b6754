"""The figure behind a stretch's drawing: its body geometry, the checks on a pose, and the
drawing's text alternative.

Plain arithmetic, no drawing: `validate` and the routine use it without the SVG renderer
(render/figure.py), which only `sciatica stretch --figure` and handouts load.

Coordinates are centimetres. x runs along the floor, y goes up from the floor (y = 0), and
z points toward whoever looks at a side view. The body's left-right runs along z, so the
shoulders and hips are found from the neck and pelvis. A point may leave z out: the near
limbs then sit on the near side of the body, the far limbs on the far side, the trunk in
the middle.
"""

from __future__ import annotations

import difflib
import math
from typing import NamedTuple

from .models import Figure, Pose, Stretch

Vec = tuple[float, float, float]

JOINTS = Figure._fields
VIEWS = ("side", "front", "top", "side-above", "three-quarter")
PROPS = ("floor", "mat", "chair", "towel", "cushion")
# Words in the steps that mean a prop should be in the drawing.
PROP_WORDS = {"towel": "towel", "chair": "chair", "cushion": "cushion", "pillow": "cushion",
              "mat": "mat"}

HALF_SHOULDERS = 17.0  # the shoulder joints sit this far either side of the neck
HALF_HIPS = 9.0
HEAD_RADIUS = 11.0

# Each part of the body as a rounded bar between two points, with its radius (its
# thickness seen from the side): what the renderer draws and what touches the floor.
PARTS: dict[str, tuple[str, str, float]] = {
    "neck": ("neck", "head", 5.0),
    "upper_trunk": ("neck", "back", 11.0),
    "lower_trunk": ("back", "pelvis", 11.0),
    "shoulders": ("near_shoulder", "far_shoulder", 8.0),
    "hips": ("near_hip", "far_hip", 10.0),
    **{f"{side}_{name}": (f"{side}_{a}", f"{side}_{b}", r)
       for side in ("near", "far")
       for name, a, b, r in (("upper_arm", "shoulder", "elbow", 4.5),
                             ("forearm", "elbow", "hand", 4.0),
                             ("thigh", "hip", "knee", 7.0),
                             ("shin", "knee", "ankle", 5.0),
                             ("foot", "ankle", "toe", 3.5))},
}
# Lengths that a body keeps whatever it does (the face: head to nose).
BONES = {name: ends[:2] for name, ends in PARTS.items() if name not in ("shoulders", "hips")}
BONES["face"] = ("head", "nose")

LENGTH_TOLERANCE = 0.08  # a bone may differ by this share of its length ...
LENGTH_SLACK = 2.0  # ... or by this many centimetres, whichever is more
FLOOR_SLACK = 2.5  # centimetres above or below the floor that still count as touching it
STILL = 1.0  # centimetres: a joint that moves less has not moved


class PoseProblem(NamedTuple):
    """One mistake in a pose; `loc` is the key path inside the stretch, for a line number."""

    loc: tuple
    code: str
    message: str
    severity: str = "error"


def points(figure: Figure) -> dict[str, Vec]:
    """Every joint in 3D, with the shoulders and hips the trunk carries."""
    out: dict[str, Vec] = {}
    for name in JOINTS:
        value = getattr(figure, name)
        if len(value) == 3:
            out[name] = (float(value[0]), float(value[1]), float(value[2]))
            continue
        side = 1.0 if name.startswith("near_") else -1.0 if name.startswith("far_") else 0.0
        width = HALF_SHOULDERS if name.endswith(("elbow", "hand")) else HALF_HIPS
        out[name] = (float(value[0]), float(value[1]), side * width)
    for near_or_far, sign in (("near", 1.0), ("far", -1.0)):
        nx, ny, nz = out["neck"]
        px, py, pz = out["pelvis"]
        out[f"{near_or_far}_shoulder"] = (nx, ny, nz + sign * HALF_SHOULDERS)
        out[f"{near_or_far}_hip"] = (px, py, pz + sign * HALF_HIPS)
    return out


def distance(a: Vec, b: Vec) -> float:
    return math.dist(a, b)


def _sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _norm(a: Vec) -> float:
    return math.sqrt(_dot(a, a))


def lowest_point(figure: Figure) -> float:
    """How high the lowest surface of the body is above the floor, in centimetres."""
    at = points(figure)
    low = at["head"][1] - HEAD_RADIUS
    for a, b, radius in PARTS.values():
        low = min(low, at[a][1] - radius, at[b][1] - radius)
    return low


def moving_joint(pose: Pose) -> str:
    """The joint that travels furthest: where an arrow tells the most."""
    start, end = points(pose.start), points(pose.end)
    return max(JOINTS, key=lambda j: distance(start[j], end[j]))


def arrow_joints(pose: Pose) -> tuple[str, ...]:
    return pose.arrows or (moving_joint(pose),)


# ---------------------------------------------------------------------------- checks


def check(stretch: Stretch) -> list[PoseProblem]:
    """Every mistake in a stretch's pose (SCI040-SCI049); a missing pose is a warning."""
    pose = stretch.pose
    if pose is None:
        return [PoseProblem(("id",), "SCI048", "has no pose, so it has no drawing", "warning")]
    problems: list[PoseProblem] = []
    start, end = points(pose.start), points(pose.end)

    for bone, (a, b) in BONES.items():
        was, now = distance(start[a], start[b]), distance(end[a], end[b])
        if abs(was - now) > max(LENGTH_SLACK, LENGTH_TOLERANCE * max(was, now)):
            problems.append(PoseProblem(("pose", "end", _given(b)), "SCI040",
                                        f"the {_words(bone)} is {was:.0f} cm long at the start "
                                        f"but {now:.0f} cm at the end"))
    for name, figure_points in (("start", start), ("end", end)):
        for bone, (a, b) in BONES.items():
            if not bone.startswith("near_"):
                continue
            far = bone.replace("near_", "far_")
            near_len = distance(figure_points[a], figure_points[b])
            far_len = distance(*(figure_points[j] for j in BONES[far]))
            if abs(near_len - far_len) > max(LENGTH_SLACK, LENGTH_TOLERANCE * max(near_len,
                                                                                  far_len)):
                problems.append(PoseProblem(("pose", name, _given(BONES[far][1])), "SCI041",
                                            f"in the {name} position the near "
                                            f"{_words(bone[5:])} is {near_len:.0f} cm but the "
                                            f"far one is {far_len:.0f} cm"))

    for name, figure in (("start", pose.start), ("end", pose.end)):
        low = lowest_point(figure)
        if low > FLOOR_SLACK:
            problems.append(PoseProblem(("pose", name), "SCI042",
                                        f"in the {name} position the body floats {low:.0f} cm "
                                        "above the floor: nothing touches it"))
        elif low < -FLOOR_SLACK:
            problems.append(PoseProblem(("pose", name), "SCI043",
                                        f"in the {name} position the body goes {-low:.0f} cm "
                                        "into the floor"))
        for side in ("near", "far"):
            if _knee_bends_backwards(points(figure), side):
                problems.append(PoseProblem(("pose", name, f"{side}_knee"), "SCI045",
                                            f"in the {name} position the {side} knee bends the "
                                            "wrong way (the shin folds toward the toes)"))

    for i, prop in enumerate(pose.props):
        if prop not in PROPS:
            problems.append(PoseProblem(("pose", "props", i), "SCI044",
                                        f"unknown prop '{prop}'{_did_you_mean(prop, PROPS)}; "
                                        f"props are {', '.join(PROPS)}"))
    if all(distance(start[j], end[j]) < STILL for j in JOINTS):
        problems.append(PoseProblem(("pose", "end"), "SCI046", "the start and end positions "
                                    "are the same, so the drawing shows no movement"))
    named = {PROP_WORDS[w] for step in stretch.steps for w in _words_in(step) if w in PROP_WORDS}
    for prop in sorted(named - set(pose.props)):
        problems.append(PoseProblem(("pose", "props") if pose.props else ("pose",), "SCI047",
                                    f"the steps use a {prop}, but the pose has no {prop} prop",
                                    "warning"))
    if pose.view not in VIEWS:
        problems.append(PoseProblem(("pose", "view"), "SCI049",
                                    f"unknown view '{pose.view}'"
                                    f"{_did_you_mean(pose.view, VIEWS)}; views are "
                                    f"{', '.join(VIEWS)}"))
    for i, joint in enumerate(pose.arrows):
        if joint not in JOINTS:
            problems.append(PoseProblem(("pose", "arrows", i), "SCI049",
                                        f"an arrow names '{joint}', which is not a joint"
                                        f"{_did_you_mean(joint, JOINTS)}"))
    return problems


def _knee_bends_backwards(at: dict[str, Vec], side: str) -> bool:
    """A knee folds away from the toes. Seen along the knee's hinge, the turn from thigh to
    shin and the turn from shin to foot go opposite ways; the same way means the knee bent
    backwards. Nearly straight legs and feet in line with the shin are let be."""
    thigh = _sub(at[f"{side}_knee"], at[f"{side}_hip"])
    shin = _sub(at[f"{side}_ankle"], at[f"{side}_knee"])
    foot = _sub(at[f"{side}_toe"], at[f"{side}_ankle"])
    knee_turn, ankle_turn = _cross(thigh, shin), _cross(shin, foot)
    lengths = _norm(thigh) * _norm(shin), _norm(shin) * _norm(foot)
    if min(lengths) == 0:
        return False
    bent = _norm(knee_turn) / lengths[0] > math.sin(math.radians(15))
    foot_set = _norm(ankle_turn) / lengths[1] > math.sin(math.radians(30))
    if not (bent and foot_set):
        return False
    return _dot(knee_turn, ankle_turn) / (_norm(knee_turn) * _norm(ankle_turn)) > 0.5


def _given(joint: str) -> str:
    """The key a reader wrote for a joint (shoulders and hips are not written)."""
    return joint if joint in JOINTS else ("neck" if "shoulder" in joint else "pelvis")


def _words(name: str) -> str:
    return name.replace("_", " ")


def _words_in(text: str) -> list[str]:
    return "".join(c.lower() if c.isalpha() else " " for c in text).split()


def _did_you_mean(word: str, known) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# ---------------------------------------------------------------------------- text


VIEW_WORDS = {"side": "seen from the side", "front": "seen from the front",
              "top": "seen from above", "side-above": "seen from the side and a little above",
              "three-quarter": "seen from one side, a little above and toward the head"}


def text_alternative(stretch: Stretch) -> str:
    """What the drawing shows, in words, for a screen reader or a page without pictures."""
    pose = stretch.pose
    view = VIEW_WORDS.get(pose.view, "") if pose else ""
    props = [p for p in (pose.props if pose else ()) if p in PROPS and p != "floor"]
    lines = [f"{stretch.name}: a drawing" + (f" {view}" if view else "")
             + (f", with a {_join(props)}" if props else "") + "."]
    if pose and pose.back_and_forth:
        lines.append("Two pictures show the two positions you move between, slowly, back and "
                     "forth.")
    else:
        lines.append("The first picture shows where you start. The second shows where you end, "
                     "with an arrow for the movement.")
    lines += [f"Step {i}: {step}" for i, step in enumerate(stretch.steps, 1)]
    return " ".join(lines)


def _join(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return ", a ".join(words[:-1]) + f" and a {words[-1]}"
