"""pdfx: WeasyPrint's RGB PDF -> PDF/X-4 in CMYK for one output condition, checked clause by clause.

WeasyPrint writes every colour as DeviceRGB. Ghostscript's pdfwrite converts colour to CMYK, but
it has no black-preserving conversion from RGB (-dKPreserve is CMYK-to-CMYK only; -dBlackText
and -dBlackVector make coloured text and rules black too), in 10.00 it ignores
-sOutputICCProfile, it paints converted gradients into images and it garbles the ToUnicode
entries of ligatures. So the conversion runs in three steps:

1. before Ghostscript (pikepdf): every RGB grey or black fill and stroke becomes a K-only
   DeviceCMYK colour whose lightness on the press matches the grey's (the output profile's own
   K ramp, read with littleCMS through Pillow), so greys darker than the press's solid black
   print as 100 % K; axial and radial RGB gradients become CMYK gradients (greys on K);
   blending spaces become DeviceCMYK, soft masks DeviceGray (their greys are alpha, not ink);
2. Ghostscript pdfwrite (-sColorConversionStrategy=CMYK) converts what is left -- chromatic
   colours, images, other shadings -- to the output profile, which it reads as its default
   CMYK profile from a private -sICCProfilesDir; DeviceCMYK and DeviceGray pass unchanged.
   A probe file checks first that it really converts to that profile;
3. after Ghostscript (pikepdf): the output intent with the embedded profile, XMP and Info,
   TrimBox and BleedBox, no annotations on the printed area, the input's ToUnicode CMaps.

The result is checked with check_pdfx4() and written only if every clause holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple
from xml.etree import ElementTree

from .. import __version__
from ..errors import PdfxError
from ..files import atomic_path

PDFX_VERSION = "PDF/X-4"
MAX_PDF_VERSION = "1.6"  # ISO 15930-7 is built on PDF 1.6
NEUTRAL_TOLERANCE = 0.002  # RGB channels this close count as a grey (WeasyPrint writes 8-bit / 255)
PROBE_TOLERANCE = 0.03  # Ghostscript's link against littleCMS, per CMYK channel
FALLBACK_GS_PROFILES = Path("/usr/share/color/icc/ghostscript")  # Debian's libgs-common

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfx": "http://ns.adobe.com/pdfx/1.3/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RGB_NAMES = {"/DeviceRGB", "/RGB", "/CalRGB"}
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
PRINTED_ANNOTS = {"/TrapNet", "/PrinterMark"}  # the only annotations allowed on the printed area


# --- the output profile ------------------------------------------------------------------------


@dataclass(frozen=True)
class IccProfile:
    """An ICC profile's header fields that PDF/X cares about, and its bytes."""

    path: Path
    data: bytes
    colour_space: str  # "CMYK", "RGB ", "GRAY"
    device_class: str  # "prtr" for an output device
    version: tuple[int, int]
    description: str
    copyright: str

    @property
    def channels(self) -> int:
        return {"GRAY": 1, "RGB ": 3, "CMYK": 4}.get(self.colour_space, 0)


def read_icc(path: Path) -> IccProfile:
    """The header of an ICC profile (ICC.1 section 7.2); PdfxError if it is not one."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise PdfxError(f"cannot read the output profile {path}: {e.strerror}") from e
    return _parse_icc(data, Path(path))


def _parse_icc(data: bytes, path: Path) -> IccProfile:
    if len(data) < 132 or data[36:40] != b"acsp":
        raise PdfxError(
            f"{path} is not an ICC profile (no 'acsp' signature at byte 36): "
            "give --output-profile the .icc/.icm file your printer sent"
        )
    (size,) = struct.unpack(">I", data[0:4])
    if size > len(data):
        raise PdfxError(f"{path} is a truncated ICC profile ({len(data)} of {size} bytes)")
    tags = _icc_tags(data)
    return IccProfile(
        path=path,
        data=data,
        colour_space=data[16:20].decode("latin-1"),
        device_class=data[12:16].decode("latin-1"),
        version=(data[8], data[9] >> 4),
        description=_icc_text(data, tags.get("desc")),
        copyright=_icc_text(data, tags.get("cprt")),
    )


def _icc_tags(data: bytes) -> dict[str, tuple[int, int]]:
    (count,) = struct.unpack(">I", data[128:132])
    tags = {}
    for i in range(min(count, (len(data) - 132) // 12)):
        sig, offset, size = struct.unpack(">4sII", data[132 + 12 * i : 144 + 12 * i])
        tags[sig.decode("latin-1")] = (offset, size)
    return tags


def _icc_text(data: bytes, where: tuple[int, int] | None) -> str:
    """A desc/cprt tag as text: textDescriptionType, textType or multiLocalizedUnicodeType."""
    if not where:
        return ""
    offset, size = where
    tag = data[offset : offset + size]
    kind = tag[:4]
    if kind == b"desc":
        (length,) = struct.unpack(">I", tag[8:12])
        return tag[12 : 12 + length].split(b"\0")[0].decode("latin-1").strip()
    if kind == b"text":
        return tag[8:].split(b"\0")[0].decode("latin-1").strip()
    if kind == b"mluc":
        count, record = struct.unpack(">II", tag[8:16])
        if count and record >= 12:
            length, start = struct.unpack(">II", tag[20:28])
            return tag[start : start + length].decode("utf-16-be", "replace").strip("\0 ")
    return ""


def output_profile(path: Path | None = None, gs: Ghostscript | None = None) -> IccProfile:
    """The CMYK output-device profile to convert to: the printer's, or Ghostscript's SWOP one."""
    icc = read_icc(path) if path else read_icc(_ghostscript_profiles(gs) / "default_cmyk.icc")
    if icc.colour_space != "CMYK":
        raise PdfxError(
            f"{icc.path} is an ICC profile for {icc.colour_space.strip()}, not CMYK: "
            "PDF/X-4 for this press needs the printer's CMYK output profile"
        )
    if icc.device_class != "prtr":
        raise PdfxError(
            f"{icc.path} is an ICC '{icc.device_class}' profile; an output intent needs an "
            "output-device ('prtr') profile: ask the printer for their press profile"
        )
    if icc.version[0] not in (2, 4):
        raise PdfxError(
            f"{icc.path} is an ICC version {icc.version[0]} profile; PDF/X-4 takes 2 or 4"
        )
    return icc


# --- Ghostscript -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ghostscript:
    executable: str
    version: str


def ghostscript(executable: str | None = None) -> Ghostscript:
    """The installed Ghostscript, or PdfxError saying that PDF/X-4 cannot be made without it."""
    found = shutil.which(executable or "gs")
    if not found:
        raise PdfxError(
            "PDF/X-4 needs Ghostscript to convert colour to CMYK and it is not installed "
            "(Debian: apt-get install ghostscript); no PDF/X file was written"
        )
    try:
        version = subprocess.run(
            [found, "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError) as e:
        raise PdfxError(
            f"Ghostscript at {found} does not run ({e}); no PDF/X file was written"
        ) from e
    return Ghostscript(found, version)


def _ghostscript_profiles(gs: Ghostscript | None = None) -> Path:
    """Ghostscript's iccprofiles directory (ICCProfilesDir's default: beside its Resource dir)."""
    gs = gs or ghostscript()
    try:
        help_text = subprocess.run(
            [gs.executable, "-h"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        help_text = ""
    candidates = []
    for part in re.split(r"\s:\s|\s+", help_text.split("Search path:", 1)[-1]):
        if "/Resource" in part:
            candidates.append(Path(part.split("/Resource", 1)[0]) / "iccprofiles")
    candidates.append(FALLBACK_GS_PROFILES)
    for folder in candidates:
        if (folder / "default_cmyk.icc").is_file() and (folder / "default_rgb.icc").is_file():
            return folder
    raise PdfxError(
        "Ghostscript's ICC profiles (default_cmyk.icc, default_rgb.icc) are missing "
        "(Debian: apt-get install libgs-common); no PDF/X file was written"
    )


def _gs_command(gs: Ghostscript, profiles_dir: Path, source: Path, target: Path) -> list[str]:
    """pdfwrite, converting every colour that is not yet CMYK to the profile in profiles_dir."""
    return [
        gs.executable,
        "-dSAFER",
        "-dBATCH",
        "-dNOPAUSE",
        "-sDEVICE=pdfwrite",
        "-dCompatibilityLevel=1.6",  # PDF/X-4 is PDF 1.6; keeps transparency live
        "-sProcessColorModel=DeviceCMYK",
        "-sColorConversionStrategy=CMYK",  # RGB, Lab, ICC, images, shadings, groups -> CMYK
        f"-sICCProfilesDir={profiles_dir}/",  # its default_cmyk.icc is the output profile
        "-dRenderIntent=1",  # relative colorimetric ...
        "-dBlackPtComp=1",  # ... with black-point compensation: the usual RGB -> press choice
        "-dAutoRotatePages=/None",  # never turn a page because its text runs sideways
        "-dTransferFunctionInfo=/Remove",  # PDF/X forbids transfer functions
        "-dUCRandBGInfo=/Remove",  # black generation / undercolour removal are moot in CMYK
        "-dPreserveHalftoneInfo=false",
        "-dEmbedAllFonts=true",
        "-dSubsetFonts=true",
        "-dDownsampleColorImages=false",  # press resolution stays as typeset
        "-dDownsampleGrayImages=false",
        "-dDownsampleMonoImages=false",
        "-dAutoFilterColorImages=false",  # converted images are re-encoded losslessly ...
        "-dAutoFilterGrayImages=false",
        "-dColorImageFilter=/FlateEncode",  # ... not as a second generation of JPEG
        "-dGrayImageFilter=/FlateEncode",
        f"-sOutputFile={target}",
        str(source),
    ]


def _run_gs(command: list[str]) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.SubprocessError) as e:
        raise PdfxError(f"Ghostscript failed to run: {e}; no PDF/X file was written") from e
    errors = [line.strip() for line in (done.stdout + done.stderr).splitlines() if "Error" in line]
    if done.returncode != 0 or errors:
        detail = "; ".join(errors[:5]) or done.stderr.strip()[-500:]
        raise PdfxError(f"Ghostscript could not convert the PDF to CMYK: {detail}")


def _profiles_dir(gs: Ghostscript, icc: IccProfile, folder: Path) -> Path:
    """Ghostscript's own profiles, with default_cmyk.icc replaced by the output profile."""
    folder.mkdir()
    for profile in _ghostscript_profiles(gs).glob("*.icc"):
        shutil.copyfile(profile, folder / profile.name)
    (folder / "default_cmyk.icc").write_bytes(icc.data)
    return folder


# --- colour, with littleCMS through Pillow -----------------------------------------------------


def _cms_apply(transform, image, mode: str):
    """transform.apply without Pillow's copy of the output profile into image.info, which fails
    on some ICC v4 profiles (Pillow 10-13: ImageCmsTransform.transform is the littleCMS one)."""
    from PIL import Image

    out = Image.new(mode, image.size)
    transform.transform.apply(image.getim(), out.getim())
    return out


def _srgb_lightness(grey: float) -> float:
    """CIE L* of an sRGB grey (0 black .. 1 white)."""
    linear = grey / 12.92 if grey <= 0.04045 else ((grey + 0.055) / 1.055) ** 2.4
    f = linear ** (1 / 3) if linear > (6 / 29) ** 3 else linear / (3 * (6 / 29) ** 2) + 4 / 29
    return 116 * f - 16


class GreyToK:
    """RGB grey -> the K-only tint that prints the same lightness on this press.

    The K ramp is the profile's own, relative colorimetric. For flat colour there is no
    black-point compensation: greys darker than solid K clip to 100 % K, so body text and rules
    are solid, not screened. Gradients are compensated instead (the sRGB black point is scaled
    to solid K), so they stay smooth where clipping would flatten their dark end."""

    def __init__(self, icc: IccProfile, black_point_compensation: bool = False) -> None:
        self.black_point_compensation = black_point_compensation
        from PIL import Image, ImageCms

        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc.data))
            lab = ImageCms.createProfile("LAB")
            to_lab = ImageCms.buildTransform(
                profile, lab, "CMYK", "LAB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
            )
        except (OSError, ImageCms.PyCMSError) as e:
            raise PdfxError(f"littleCMS cannot use the output profile {icc.path}: {e}") from e
        ramp = Image.new("CMYK", (256, 1))
        ramp.putdata([(0, 0, 0, k) for k in range(256)])
        lightness = [px[0] * 100 / 255 for px in _pixels(_cms_apply(to_lab, ramp, "LAB"))]
        for i in range(1, 256):  # monotone: more ink is never lighter
            lightness[i] = min(lightness[i], lightness[i - 1])
        self.lightness = lightness

    def __call__(self, grey: float) -> float:
        target = _srgb_lightness(min(max(grey, 0.0), 1.0))
        ramp = self.lightness
        if self.black_point_compensation:
            target = ramp[-1] + target * (ramp[0] - ramp[-1]) / 100
        if target >= ramp[0]:
            return 0.0
        if target <= ramp[-1]:
            return 1.0
        for i in range(1, 256):
            if ramp[i] <= target:
                span = ramp[i - 1] - ramp[i]
                step = (ramp[i - 1] - target) / span if span else 1.0
                return round((i - 1 + step) / 255, 4)
        return 1.0


def _pixels(image) -> list:
    getter = getattr(image, "get_flattened_data", None) or image.getdata
    return list(getter())


def _expected_cmyk(icc: IccProfile, colours: list[tuple[float, float, float]]) -> list[tuple]:
    """littleCMS's sRGB -> CMYK, relative colorimetric with black-point compensation."""
    from PIL import Image, ImageCms

    try:
        transform = ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"),
            ImageCms.ImageCmsProfile(io.BytesIO(icc.data)),
            "RGB",
            "CMYK",
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
        )
    except (OSError, ImageCms.PyCMSError) as e:
        raise PdfxError(f"littleCMS cannot use the output profile {icc.path}: {e}") from e
    image = Image.new("RGB", (len(colours), 1))
    image.putdata([tuple(round(v * 255) for v in c) for c in colours])
    return [tuple(v / 255 for v in px) for px in _pixels(_cms_apply(transform, image, "CMYK"))]


PROBE_COLOURS = [(0.8, 0.1, 0.1), (0.1, 0.3, 0.8), (0.2, 0.7, 0.3), (0.9, 0.8, 0.2)]


def _probe(gs: Ghostscript, icc: IccProfile, profiles_dir: Path, work: Path) -> None:
    """Refuse if Ghostscript does not convert to the output profile (it ignores options silently)."""
    pikepdf = _pikepdf()
    probe_in, probe_out = work / "probe-rgb.pdf", work / "probe-cmyk.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(40, 10))
        ops = "".join(
            f"{r} {g} {b} rg {10 * i} 0 10 10 re f\n" for i, (r, g, b) in enumerate(PROBE_COLOURS)
        )
        pdf.pages[0].Contents = pdf.make_stream(ops.encode())
        pdf.save(probe_in)
    _run_gs(_gs_command(gs, profiles_dir, probe_in, probe_out))
    with pikepdf.open(probe_out) as pdf:
        got = []
        for operands, op in pikepdf.parse_content_stream(pdf.pages[0]):
            if str(op) == "k":
                got.append(tuple(float(v) for v in operands))
            elif str(op) == "g":  # Ghostscript writes a K-only result as DeviceGray
                got.append((0.0, 0.0, 0.0, 1 - float(operands[0])))
    want = _expected_cmyk(icc, PROBE_COLOURS)
    worst = max(
        (abs(a - b) for g, w in zip(got, want, strict=False) for a, b in zip(g, w, strict=True)),
        default=1.0,
    )
    if len(got) != len(want) or worst > PROBE_TOLERANCE:
        raise PdfxError(
            f"Ghostscript {gs.version} did not convert colour to the output profile "
            f"{icc.description or icc.path} (off by {worst:.3f}); no PDF/X file was written"
        )


# --- step 1: neutrals to K ---------------------------------------------------------------------


def _pikepdf():
    try:
        import pikepdf
    except ImportError as e:
        raise PdfxError(
            "PDF/X-4 needs pikepdf to write the output intent and metadata: pip install pikepdf"
        ) from e
    return pikepdf


def _is_neutral(values: list[float]) -> bool:
    return len(values) == 3 and max(values) - min(values) <= NEUTRAL_TOLERANCE


def _numbers(operands) -> list[float] | None:
    try:
        return [float(v) for v in operands]
    except (TypeError, ValueError):
        return None


def _resolve_space(space, resources):
    """A colour-space operand (a name) -> the colour space it stands for."""
    name = str(space)
    if name.startswith("/Device") or name in ("/Pattern", "/RGB", "/G", "/CMYK"):
        return space
    table = resources.get("/ColorSpace") if resources is not None else None
    if table is not None and name in table:
        return table[name]
    return space


def _space_is_rgb(space, resources=None) -> bool:
    """DeviceRGB, CalRGB, a 3-channel ICCBased space, or one of these under Indexed/alternates."""
    pikepdf = _pikepdf()
    if isinstance(space, pikepdf.Name):
        resolved = _resolve_space(space, resources)
        if resolved is not space and not isinstance(resolved, pikepdf.Name):
            return _space_is_rgb(resolved)
        return str(resolved) in RGB_NAMES
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = str(space[0])
        if family == "/CalRGB":
            return True
        if family == "/ICCBased" and len(space) > 1:
            return int(space[1].get("/N", 0)) == 3
        if family in ("/Indexed", "/I") and len(space) > 1:
            return _space_is_rgb(space[1], resources)
        if family == "/Separation" and len(space) > 2:
            return _space_is_rgb(space[2], resources)
        if family == "/DeviceN" and len(space) > 2:
            return _space_is_rgb(space[2], resources)
        if family == "/Pattern" and len(space) > 1:
            return _space_is_rgb(space[1], resources)
    return False


class ContentStream(NamedTuple):
    where: str  # "page 4 /x0", for messages
    holder: Any  # a pikepdf Page or content stream
    resources: Any
    in_mask: bool  # drawn into a soft mask: its colours are alpha values, not ink


def _streams(pdf) -> Iterator[ContentStream]:
    """Every content stream a page can draw, once: pages, form XObjects, tiling patterns,
    soft-mask groups, Type 3 glyphs and annotation appearances."""
    pikepdf = _pikepdf()
    first_time = _first_time()
    masks = _soft_mask_groups(pdf)  # a mask group may also be listed as an XObject

    def form(where, obj, resources, in_mask):
        if isinstance(obj, pikepdf.Stream) and first_time(obj):
            in_mask = in_mask or obj.objgen in masks
            own = obj.get("/Resources", resources)
            yield ContentStream(where, obj, own, in_mask)
            yield from inner(where, own, in_mask)

    def inner(where, resources, in_mask):
        if resources is None:
            return
        for name, obj in resources.get("/XObject", {}).items():
            if obj.get("/Subtype") == "/Form":
                yield from form(f"{where} {name}", obj, resources, in_mask)
        for name, obj in resources.get("/Pattern", {}).items():
            if int(obj.get("/PatternType", 0)) == 1:
                yield from form(f"{where} {name}", obj, resources, in_mask)
        for name, gstate in resources.get("/ExtGState", {}).items():
            mask = gstate.get("/SMask")
            if isinstance(mask, pikepdf.Dictionary) and "/G" in mask:
                yield from form(f"{where} {name} soft mask", mask.G, resources, True)
        for name, font in resources.get("/Font", {}).items():
            if font.get("/Subtype") == "/Type3" and first_time(font):
                own = font.get("/Resources", resources)
                for glyph, proc in font.get("/CharProcs", {}).items():
                    yield ContentStream(f"{where} {name}{glyph}", proc, own, in_mask)

    for number, page in enumerate(pdf.pages, 1):
        resources = page.obj.get("/Resources")
        yield ContentStream(f"page {number}", page, resources, False)
        yield from inner(f"page {number}", resources, False)
        for annot in page.obj.get("/Annots", []):
            for state in annot.get("/AP", {}).values():
                forms = [state] if isinstance(state, pikepdf.Stream) else list(state.values())
                for appearance in forms:
                    yield from form(f"page {number} annotation", appearance, resources, False)


def _soft_mask_groups(pdf) -> set[tuple[int, int]]:
    """The object numbers of every soft-mask group (ExtGState /SMask /G) in the file."""
    pikepdf = _pikepdf()
    groups = set()

    def gstates(obj):
        if obj.get("/Type") == "/ExtGState" or "/SMask" in obj:
            yield obj
        resources = obj.get("/Resources", obj)
        if isinstance(resources, pikepdf.Dictionary):
            table = resources.get("/ExtGState")
            if isinstance(table, pikepdf.Dictionary):
                yield from table.values()

    for obj in pdf.objects:
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            continue
        for gstate in gstates(obj):
            mask = gstate.get("/SMask") if isinstance(gstate, pikepdf.Dictionary) else None
            if isinstance(mask, pikepdf.Dictionary) and isinstance(mask.get("/G"), pikepdf.Stream):
                groups.add(mask.G.objgen)
    return groups


def _rgb_groups_to_cmyk(pdf) -> int:
    """RGB transparency blending spaces (/Group /CS) -> DeviceCMYK, as on the press; those of
    soft masks -> DeviceGray, so that a grey mask keeps its exact luminosity."""
    pikepdf = _pikepdf()
    holders = [(page.obj, False) for page in pdf.pages]
    holders += [
        (s.holder, s.in_mask) for s in _streams(pdf) if not isinstance(s.holder, pikepdf.Page)
    ]
    changed = 0
    for holder, in_mask in holders:
        group = holder.get("/Group")
        if group is not None and _space_is_rgb(group.get("/CS")):
            group.CS = pikepdf.Name("/DeviceGray" if in_mask else "/DeviceCMYK")
            changed += 1
    return changed


def _instructions(holder):
    pikepdf = _pikepdf()
    return pikepdf.parse_content_stream(holder)


def neutrals_to_k(pdf, grey_to_k: Callable[[float], float]) -> int:
    """Rewrite RGB greys (rg/RG, sc/scn in an RGB space) as K-only CMYK, in place; how many.

    In soft masks the grey becomes DeviceGray of the same value instead: it is an alpha."""
    pikepdf = _pikepdf()
    cmyk, gray = pikepdf.Name("/DeviceCMYK"), pikepdf.Name("/DeviceGray")

    def neutral(values: list[float], side: str, in_mask: bool):
        """K-only ink for a grey; in a soft mask the same grey as DeviceGray (its alpha)."""
        level = sum(values) / 3
        if in_mask:
            return [round(level, 6)], pikepdf.Operator("G" if side == "stroke" else "g")
        return [0, 0, 0, grey_to_k(level)], pikepdf.Operator("K" if side == "stroke" else "k")

    changed = 0
    for _where, holder, resources, in_mask in list(_streams(pdf)):
        out = []
        touched = False
        # per side (fill, stroke): the space the original stream means, and the one now set
        state = {
            "fill": [pikepdf.Name("/DeviceGray")] * 2,
            "stroke": [pikepdf.Name("/DeviceGray")] * 2,
        }
        stack = []
        for operands, operator in _instructions(holder):
            op = str(operator)
            side = "stroke" if op.isupper() or op in ("SC", "SCN") else "fill"
            if op == "q":
                stack.append({k: list(v) for k, v in state.items()})
            elif op == "Q" and stack:
                state = stack.pop()
            elif op in ("rg", "RG"):
                values = _numbers(operands)
                state[side][0] = pikepdf.Name("/DeviceRGB")
                if values and _is_neutral(values):
                    out.append(neutral(values, side, in_mask))
                    state[side][1] = gray if in_mask else cmyk
                    touched = True
                    changed += 1
                    continue
                state[side][1] = state[side][0]
            elif op in ("cs", "CS") and operands:
                state[side] = [operands[0], operands[0]]
            elif op in ("g", "G", "k", "K"):
                name = {"g": "/DeviceGray", "k": "/DeviceCMYK"}[op.lower()]
                state[side] = [pikepdf.Name(name)] * 2
            elif op in ("sc", "scn", "SC", "SCN"):
                meant, current = state[side]
                values = _numbers(operands)
                if values and _is_neutral(values) and _space_is_rgb(meant, resources):
                    out.append(neutral(values, side, in_mask))
                    state[side][1] = gray if in_mask else cmyk
                    touched = True
                    changed += 1
                    continue
                if current != meant:  # we switched this side to CMYK: put the original back
                    out.append(([meant], pikepdf.Operator("CS" if side == "stroke" else "cs")))
                    state[side][1] = meant
            out.append((operands, operator))
        if touched:
            data = pikepdf.unparse_content_stream(out)
            if isinstance(holder, pikepdf.Page):
                holder.obj.Contents = pdf.make_stream(data)
            else:
                holder.write(data)
    return changed


SHADING_STEPS = 8  # CMYK pieces per RGB gradient segment: within 1/255 of the RGB blend


def _function_value(function, t: float) -> list[float] | None:
    """Evaluate an exponential (type 2) or stitching (type 3) function; None for other types."""
    kind = int(function.get("/FunctionType", -1))
    domain = [float(v) for v in function.get("/Domain", [0, 1])]
    t = min(max(t, domain[0]), domain[1])
    if kind == 2:
        c0 = [float(v) for v in function.get("/C0", [0])]
        c1 = [float(v) for v in function.get("/C1", [1])]
        x = t ** float(function.get("/N", 1))
        return [a + x * (b - a) for a, b in zip(c0, c1, strict=True)]
    if kind == 3:
        bounds = [domain[0], *(float(v) for v in function.Bounds), domain[1]]
        encode = [float(v) for v in function.Encode]
        for i, part in enumerate(function.Functions):
            low, high = bounds[i], bounds[i + 1]
            if t <= high or i == len(function.Functions) - 1:
                span = (t - low) / (high - low) if high > low else 0.0
                return _function_value(
                    part, encode[2 * i] + span * (encode[2 * i + 1] - encode[2 * i])
                )
    return None


def _breakpoints(function) -> list[float] | None:
    """Where a type 2/3 function's pieces begin and end; None if it is of another kind."""
    kind = int(function.get("/FunctionType", -1))
    domain = [float(v) for v in function.get("/Domain", [0, 1])]
    if kind == 2:
        return domain
    if kind == 3 and all(int(f.get("/FunctionType", -1)) == 2 for f in function.Functions):
        return [domain[0], *(float(v) for v in function.Bounds), domain[1]]
    return None


def _shadings(pdf) -> Iterator[tuple[Any, bool]]:
    """Every shading dictionary a page can paint, once, and whether it paints a soft mask."""
    pikepdf = _pikepdf()
    seen: set[tuple[int, int]] = set()
    tables = [(s.resources, s.in_mask) for s in _streams(pdf) if s.resources is not None]
    for resources, in_mask in tables:
        candidates = list(resources.get("/Shading", {}).values())
        for pattern in resources.get("/Pattern", {}).values():
            if int(pattern.get("/PatternType", 0)) == 2 and "/Shading" in pattern:
                candidates.append(pattern.Shading)
        for shading in candidates:
            if shading.is_indirect:
                if shading.objgen in seen:
                    continue
                seen.add(shading.objgen)
            if isinstance(shading, (pikepdf.Dictionary, pikepdf.Stream)):
                yield shading, in_mask


def rgb_shadings_to_cmyk(pdf, icc: IccProfile, grey_to_k: Callable[[float], float]) -> int:
    """Axial/radial RGB gradients -> DeviceCMYK gradients, kept as vectors; how many.

    Ghostscript would paint them into images when it converts their colour space. Each RGB
    segment becomes SHADING_STEPS CMYK pieces sampled from the RGB blend; greys go to K only."""
    pikepdf = _pikepdf()
    changed = 0
    for shading, in_mask in _shadings(pdf):
        function = shading.get("/Function")
        if (
            int(shading.get("/ShadingType", 0)) not in (2, 3)
            or not _space_is_rgb(shading.get("/ColorSpace"))
            or not isinstance(function, pikepdf.Dictionary)
        ):
            continue
        breaks = _breakpoints(function)
        if breaks is None:
            continue
        stops = []
        for low, high in zip(breaks, breaks[1:], strict=False):
            stops += [low + (high - low) * i / SHADING_STEPS for i in range(SHADING_STEPS)]
        stops.append(breaks[-1])
        values = [_function_value(function, t) for t in stops]
        rgb = [c for c in values if c is not None and len(c) == 3]
        if len(rgb) != len(stops):
            continue
        if in_mask and not all(_is_neutral(c) for c in rgb):
            continue  # a coloured mask: Ghostscript's conversion is as good as any
        chromatic = [(c[0], c[1], c[2]) for c in rgb if not _is_neutral(c)]
        converted = (
            dict(zip(chromatic, _expected_cmyk(icc, chromatic), strict=True)) if chromatic else {}
        )
        if in_mask:  # alpha values, kept exactly
            cmyk = [[round(sum(c) / 3, 6)] for c in rgb]
        else:
            cmyk = [
                [0.0, 0.0, 0.0, grey_to_k(sum(c) / 3)]
                if _is_neutral(c)
                else [round(v, 4) for v in converted[(c[0], c[1], c[2])]]
                for c in rgb
            ]
        pieces = [
            pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=cmyk[i], C1=cmyk[i + 1], N=1)
            for i in range(len(stops) - 1)
        ]
        shading.Function = pikepdf.Dictionary(
            FunctionType=3,
            Domain=[stops[0], stops[-1]],
            Bounds=[round(t, 6) for t in stops[1:-1]],
            Encode=[0, 1] * len(pieces),
            Functions=pieces,
        )
        if "/Background" in shading:
            del shading["/Background"]
        shading.ColorSpace = pikepdf.Name("/DeviceGray" if in_mask else "/DeviceCMYK")
        changed += 1
    return changed


# --- step 3: PDF/X-4 furniture -----------------------------------------------------------------


@dataclass(frozen=True)
class PdfxResult:
    """What to_pdfx4 wrote, for the build summary and the benchmark."""

    target: Path
    pages: int
    seconds: float
    stages: dict[str, float]  # probe, neutrals, ghostscript, pdfx, check
    bytes_before: int
    bytes_after: int
    profile: str
    ghostscript: str
    greys_to_k: int  # flat grey/black fills and strokes made K-only
    groups_to_cmyk: int  # RGB blending spaces made DeviceCMYK
    gradients_to_cmyk: int  # axial/radial RGB gradients rewritten as CMYK vectors
    annotations_removed: int  # links etc. on the printed area
    tounicode_repaired: int  # fonts whose ToUnicode Ghostscript garbled, put back


def _pdf_date(when: dt.datetime) -> str:
    when = when.astimezone(dt.UTC)
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def _xmp_date(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?")


def parse_pdf_date(text: str) -> dt.datetime | None:
    match = _PDF_DATE.match(str(text).strip())
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    offset = dt.timedelta(0)
    if zone and zone != "Z":
        digits = re.sub(r"\D", "", zone)
        offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        if zone.startswith("-"):
            offset = -offset
    return dt.datetime(
        int(year),
        int(month or 1),
        int(day or 1),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        tzinfo=dt.timezone(offset),
    )


def parse_xmp_date(text: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _esc(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text, {'"': "&quot;"})


def xmp_packet(
    *,
    title: str,
    author: str,
    subject: str,
    keywords: str,
    creator_tool: str,
    producer: str,
    created: dt.datetime,
    modified: dt.datetime,
    document_id: str,
    instance_id: str,
    lang: str = "x-default",
) -> bytes:
    """The XMP that ISO 15930-7 asks for (identification, dates, title, trapping, versioning)."""
    rows = [
        "<dc:format>application/pdf</dc:format>",
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_esc(title)}</rdf:li></rdf:Alt></dc:title>',
    ]
    if author:
        rows.append(f"<dc:creator><rdf:Seq><rdf:li>{_esc(author)}</rdf:li></rdf:Seq></dc:creator>")
    if subject:
        rows.append(
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{_esc(subject)}</rdf:li>'
            "</rdf:Alt></dc:description>"
        )
    if lang and lang != "x-default":
        rows.append(f"<dc:language><rdf:Bag><rdf:li>{_esc(lang)}</rdf:li></rdf:Bag></dc:language>")
    rows += [
        f"<xmp:CreateDate>{_xmp_date(created)}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{_xmp_date(modified)}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{_xmp_date(modified)}</xmp:MetadataDate>",
        f"<xmp:CreatorTool>{_esc(creator_tool)}</xmp:CreatorTool>",
        f"<pdf:Producer>{_esc(producer)}</pdf:Producer>",
        "<pdf:Trapped>False</pdf:Trapped>",
    ]
    if keywords:
        rows.append(f"<pdf:Keywords>{_esc(keywords)}</pdf:Keywords>")
    rows += [
        f"<xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>",
        f"<xmpMM:InstanceID>{instance_id}</xmpMM:InstanceID>",
        "<xmpMM:VersionID>1</xmpMM:VersionID>",
        "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
        f"<pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>",
        f"<pdfx:GTS_PDFXVersion>{PDFX_VERSION}</pdfx:GTS_PDFXVersion>",
    ]
    namespaces = " ".join(f'xmlns:{p}="{u}"' for p, u in NS.items() if p not in ("x", "rdf"))
    body = "\n   ".join(rows)
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        f'<x:xmpmeta xmlns:x="{NS["x"]}" x:xmptk="publisher {__version__}">\n'
        f' <rdf:RDF xmlns:rdf="{NS["rdf"]}">\n'
        f'  <rdf:Description rdf:about="" {namespaces}>\n   {body}\n  </rdf:Description>\n'
        " </rdf:RDF>\n</x:xmpmeta>\n" + (" " * 99 + "\n") * 20 + '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def _uuid(*parts: bytes) -> str:
    digest = hashlib.sha256(b"\0".join(parts)).digest()
    return f"uuid:{uuid.UUID(bytes=digest[:16], version=4)}"


Box = list[float]  # llx, lly, urx, ury


def _box(obj) -> Box | None:
    """A PDF rectangle, normalised; None if absent."""
    if obj is None:
        return None
    values = [float(v) for v in obj]
    return [
        min(values[0], values[2]),
        min(values[1], values[3]),
        max(values[0], values[2]),
        max(values[1], values[3]),
    ]


def _contains(outer: list[float], inner: list[float], slack: float = 0.01) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def _shifted(box: list[float], dx: float, dy: float) -> list[float]:
    return [
        round(box[0] + dx, 4),
        round(box[1] + dy, 4),
        round(box[2] + dx, 4),
        round(box[3] + dy, 4),
    ]


def _intersects(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _media(page) -> Box:
    box = _box(page.mediabox)  # inherited from the page tree if need be
    assert box is not None
    return box


def _page_boxes(source_pages, bleed: float | None) -> list[tuple[Box, Box, Box]]:
    """(MediaBox, TrimBox, BleedBox) of each input page, in the input's coordinates."""
    boxes: list[tuple[Box, Box, Box]] = []
    for page in source_pages:
        media = _media(page)
        trim = _box(page.obj.get("/TrimBox")) or media
        if bleed is None:
            bleed_box = _box(page.obj.get("/BleedBox")) or trim
        else:
            bleed_box = [trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed]
        if not _contains(media, bleed_box):
            raise PdfxError(
                f"page {len(boxes) + 1}: a {bleed} pt bleed does not fit the page "
                "(typeset it with --bleed so that the media box holds the bleed)"
            )
        bleed_box = [
            max(bleed_box[0], media[0]),
            max(bleed_box[1], media[1]),
            min(bleed_box[2], media[2]),
            min(bleed_box[3], media[3]),
        ]
        boxes.append((media, trim, bleed_box))
    return boxes


def _tounicode(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: code -> text."""
    mapping: dict[int, str] = {}

    def text(hex_digits: bytes) -> str:
        return bytes.fromhex(hex_digits.decode()).decode("utf-16-be", "replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        pairs = re.findall(rb"<([0-9A-Fa-f]*)>", block)
        for source, target in zip(pairs[::2], pairs[1::2], strict=False):
            mapping[int(source or b"0", 16)] = text(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        tokens = re.findall(rb"<([0-9A-Fa-f]*)>|(\[)|(\])", block)
        i = 0
        while i + 2 < len(tokens):
            low, high = int(tokens[i][0] or b"0", 16), int(tokens[i + 1][0] or b"0", 16)
            if tokens[i + 2][1]:  # [<dst> <dst> ...]
                j = i + 3
                code = low
                while j < len(tokens) and not tokens[j][2]:
                    mapping[code] = text(tokens[j][0])
                    code, j = code + 1, j + 1
                i = j + 1
            else:
                start = bytes.fromhex(tokens[i + 2][0].decode())
                for offset in range(high - low + 1):
                    last = int.from_bytes(start[-2:], "big") + offset
                    mapping[low + offset] = (start[:-2] + last.to_bytes(2, "big")).decode(
                        "utf-16-be", "replace"
                    )
                i += 3
    return mapping


def _repair_tounicode(pdf, source) -> int:
    """Put back the input's ToUnicode CMaps where Ghostscript garbled them; how many fonts.

    Ghostscript 10.00 writes a glyph that stands for several characters (the fi and ffl
    ligatures, a two-em dash) in the wrong byte order, so copied and searched text reads
    "昀椀" for "fi". Its fonts keep the input's character codes, so the input font that is
    the same font is the one whose codes all reappear with the same single characters (the
    largest such, since an oblique subset of the same face agrees too); WeasyPrint mapped
    every code it used, so its CMap is complete for the text."""
    pikepdf = _pikepdf()

    def type0_fonts(doc):
        for obj in doc.objects:
            if (
                isinstance(obj, pikepdf.Dictionary)
                and obj.get("/Type") == "/Font"
                and obj.get("/Subtype") == "/Type0"
                and isinstance(obj.get("/ToUnicode"), pikepdf.Stream)
            ):
                yield obj

    originals = [(font, _tounicode(font.ToUnicode.read_bytes())) for font in type0_fonts(source)]
    repaired = 0
    for font in type0_fonts(pdf):
        mapping = _tounicode(font.ToUnicode.read_bytes())
        if not any(len(text) > 1 for text in mapping.values()):
            continue  # nothing Ghostscript can have garbled
        same = [
            (len(known), original)
            for original, known in originals
            if known
            and known.keys() <= mapping.keys()
            and all(
                mapping[code] == text
                for code, text in known.items()
                if len(text) == 1 and len(mapping[code]) == 1
            )
        ]
        if not same:
            continue
        _, original = max(same, key=lambda pair: pair[0])
        if _tounicode(original.ToUnicode.read_bytes()) != mapping:
            font.ToUnicode = pdf.copy_foreign(original.ToUnicode)
            repaired += 1
    return repaired


def _finish(
    pdf,
    source,
    icc: IccProfile,
    gs: Ghostscript,
    *,
    title: str,
    bleed: float | None,
    condition_identifier: str,
    condition: str,
    registry_name: str,
    document_id: str,
    when: dt.datetime | None,
) -> tuple[int, int]:
    """Add the PDF/X-4 output intent, boxes, Info and XMP to Ghostscript's output, in place;
    (annotations removed from the printed area, ToUnicode CMaps repaired)."""
    pikepdf = _pikepdf()
    if len(pdf.pages) != len(source.pages):
        raise PdfxError(
            f"Ghostscript wrote {len(pdf.pages)} pages of {len(source.pages)}; no PDF/X file was written"
        )
    repaired = _repair_tounicode(pdf, source)
    removed = 0
    for number, (page, (media, trim, bleed_box)) in enumerate(
        zip(pdf.pages, _page_boxes(source.pages, bleed), strict=True), 1
    ):
        out_media = _media(page)
        if (
            abs((out_media[2] - out_media[0]) - (media[2] - media[0])) > 0.5
            or abs((out_media[3] - out_media[1]) - (media[3] - media[1])) > 0.5
        ):
            raise PdfxError(
                f"page {number}: Ghostscript changed the page size; no PDF/X file was written"
            )
        dx, dy = out_media[0] - media[0], out_media[1] - media[1]
        page.obj.TrimBox = pikepdf.Array(_shifted(trim, dx, dy))
        page.obj.BleedBox = pikepdf.Array(_shifted(bleed_box, dx, dy))
        for key in ("/ArtBox", "/CropBox"):
            if key in page.obj:
                del page.obj[key]
        annots = page.obj.get("/Annots")
        if annots is not None:
            printed = _shifted(bleed_box, dx, dy)
            keep = [
                a
                for a in annots
                if a.get("/Subtype") in PRINTED_ANNOTS
                or not _intersects(_box(a.get("/Rect", [0, 0, 0, 0])) or [0, 0, 0, 0], printed)
            ]
            removed += len(annots) - len(keep)
            if keep:
                page.obj.Annots = pikepdf.Array(keep)
            else:
                del page.obj["/Annots"]

    info_in = source.docinfo

    def text(key: str) -> str:
        return str(info_in.get(key, "")).strip()

    created = parse_pdf_date(text("/CreationDate")) or when or dt.datetime.now(dt.UTC)
    modified = when or parse_pdf_date(text("/ModDate")) or created
    producer = f"publisher {__version__} (Ghostscript {gs.version} pdfwrite, pikepdf {pikepdf.__version__})"
    creator_tool = text("/Creator") or f"publisher {__version__}"

    info = pdf.make_indirect(pikepdf.Dictionary())
    for key in ("/Author", "/Subject", "/Keywords"):
        if text(key):
            info[key] = pikepdf.String(text(key))
    info.Title = pikepdf.String(title)
    info.Creator = pikepdf.String(creator_tool)
    info.Producer = pikepdf.String(producer)
    info.CreationDate = pikepdf.String(_pdf_date(created))
    info.ModDate = pikepdf.String(_pdf_date(modified))
    info.Trapped = pikepdf.Name("/False")
    info.GTS_PDFXVersion = pikepdf.String(PDFX_VERSION)
    pdf.trailer.Info = info

    lang = str(source.Root.get("/Lang", "")) or "x-default"
    if lang != "x-default":
        pdf.Root.Lang = pikepdf.String(lang)
    xmp = xmp_packet(
        title=title,
        author=text("/Author"),
        subject=text("/Subject"),
        keywords=text("/Keywords"),
        creator_tool=creator_tool,
        producer=producer,
        created=created,
        modified=modified,
        document_id=document_id,
        instance_id=_uuid(document_id.encode(), icc.data[:128], _pdf_date(modified).encode()),
        lang=lang,
    )
    metadata = pdf.make_stream(xmp)
    metadata.Type = pikepdf.Name("/Metadata")
    metadata.Subtype = pikepdf.Name("/XML")
    pdf.Root.Metadata = metadata

    profile = pdf.make_stream(icc.data)
    profile.N = 4
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name("/OutputIntent"),
        S=pikepdf.Name("/GTS_PDFX"),
        OutputConditionIdentifier=pikepdf.String(condition_identifier),
        OutputCondition=pikepdf.String(condition),
        Info=pikepdf.String(condition),
        DestOutputProfile=profile,
    )
    if registry_name:
        intent.RegistryName = pikepdf.String(registry_name)
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
    for key in ("/OpenAction", "/AA"):
        if key in pdf.Root and _is_script(pdf.Root[key]):
            del pdf.Root[key]
    return removed, repaired


def _is_script(action) -> bool:
    try:
        return str(action.get("/S", "")) in ("/JavaScript", "/Launch")
    except AttributeError:
        return False


def _mode_for(target: Path) -> int:
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def to_pdfx4(
    rgb_pdf: Path,
    target: Path,
    profile: Path | None = None,
    title: str = "",
    *,
    bleed: float | None = None,
    condition_identifier: str = "Custom",
    condition: str = "",
    registry_name: str = "",
    when: dt.datetime | None = None,
    gs_executable: str | None = None,
) -> PdfxResult:
    """Convert a WeasyPrint PDF to a checked PDF/X-4 file in CMYK; PdfxError and no file otherwise.

    profile: the printer's CMYK output profile (--output-profile); default Ghostscript's SWOP.
    bleed: points of bleed around the TrimBox (default: the BleedBox WeasyPrint wrote).
    condition_identifier/condition/registry_name: the output intent's names; "Custom" (not a
    registered characterisation) unless the profile is for one, e.g. "FOGRA39" with
    registry_name "http://www.color.org".
    when: ModDate (default: the input's, so builds stay reproducible).
    """
    clock = _Clock()
    pikepdf = _pikepdf()
    rgb_pdf, target = Path(rgb_pdf), Path(target)
    gs = ghostscript(gs_executable)
    icc = output_profile(profile, gs)
    condition = condition or icc.description or icc.path.name
    source_bytes = rgb_pdf.read_bytes()
    with pikepdf.open(rgb_pdf) as source:
        title = title or str(source.docinfo.get("/Title", "")).strip()
    if not title:
        raise PdfxError(
            "PDF/X-4 needs a document title (give title=...); no PDF/X file was written"
        )
    with tempfile.TemporaryDirectory(prefix="publisher-pdfx-") as tmp:
        work = Path(tmp)
        profiles_dir = _profiles_dir(gs, icc, work / "iccprofiles")
        _probe(gs, icc, profiles_dir, work)
        clock.lap("probe")
        with pikepdf.open(rgb_pdf) as source:
            greys = neutrals_to_k(source, GreyToK(icc))
            groups = _rgb_groups_to_cmyk(source)
            gradients = rgb_shadings_to_cmyk(
                source, icc, GreyToK(icc, black_point_compensation=True)
            )
            source.save(work / "k.pdf")
        clock.lap("neutrals")
        _run_gs(_gs_command(gs, profiles_dir, work / "k.pdf", work / "cmyk.pdf"))
        clock.lap("ghostscript")
        document_id = _uuid(hashlib.sha256(source_bytes).digest(), icc.data[:128])
        with pikepdf.open(rgb_pdf) as source, pikepdf.open(work / "cmyk.pdf") as pdf:
            removed, repaired = _finish(
                pdf,
                source,
                icc,
                gs,
                title=title,
                bleed=bleed,
                condition_identifier=condition_identifier,
                condition=condition,
                registry_name=registry_name,
                document_id=document_id,
                when=when,
            )
            if "/ID" in pdf.trailer:  # Ghostscript's is random; a hash of the file is not
                del pdf.trailer["/ID"]
            pdf.save(work / "pdfx.pdf", deterministic_id=True, compress_streams=True)
            pages = len(pdf.pages)
        clock.lap("pdfx")
        failures = check_pdfx4(work / "pdfx.pdf")
        clock.lap("check")
        if failures:
            raise PdfxError(
                "the converted file would not be PDF/X-4, so none was written: "
                + "; ".join(failures)
            )
        with atomic_path(target) as out:
            shutil.copyfile(work / "pdfx.pdf", out)
            os.chmod(out, _mode_for(target))
    return PdfxResult(
        target=target,
        pages=pages,
        seconds=clock.total(),
        stages=clock.laps,
        bytes_before=len(source_bytes),
        bytes_after=target.stat().st_size,
        profile=f"{icc.description} ({icc.path})",
        ghostscript=gs.version,
        greys_to_k=greys,
        groups_to_cmyk=groups,
        gradients_to_cmyk=gradients,
        annotations_removed=removed,
        tounicode_repaired=repaired,
    )


class _Clock:
    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.last, 3)
        self.last = now

    def total(self) -> float:
        return round(time.perf_counter() - self.started, 3)


# --- the clause-by-clause check ----------------------------------------------------------------


def check_pdfx4(pdf: Path) -> list[str]:
    """The PDF/X-4 clauses (ISO 15930-7, as far as they can be read from the file) pdf fails."""
    pikepdf = _pikepdf()
    try:
        doc = pikepdf.open(pdf)
    except (pikepdf.PdfError, OSError) as e:
        return [f"file: cannot be read as PDF ({e})"]
    with doc:
        failures: list[str] = []
        failures += _check_file(doc)
        failures += _check_info_and_xmp(doc)
        icc = None
        intent_failures, icc = _check_output_intent(doc)
        failures += intent_failures
        failures += _check_pages(doc)
        failures += _check_content(doc, icc)
        return failures


def _check_file(doc) -> list[str]:
    failures = []
    if tuple(int(p) for p in doc.pdf_version.split(".")) > (1, 6):
        failures.append(f"header: PDF {doc.pdf_version}, PDF/X-4 allows at most {MAX_PDF_VERSION}")
    if doc.is_encrypted:
        failures.append("encryption: PDF/X forbids encryption")
    ids = doc.trailer.get("/ID")
    if ids is None or len(ids) != 2:
        failures.append("trailer: no document /ID")
    names = doc.Root.get("/Names")
    if names is not None and "/JavaScript" in names:
        failures.append("actions: JavaScript in the name tree")
    for key in ("/OpenAction", "/AA"):
        if key in doc.Root and (key == "/AA" or _is_script(doc.Root[key])):
            failures.append(f"actions: catalog {key} runs a script or an additional action")
    ocp = doc.Root.get("/OCProperties")
    if ocp is not None:
        configs = [ocp.get("/D")] + list(ocp.get("/Configs", []))
        for config in configs:
            if config is not None and (not str(config.get("/Name", "")) or "/AS" in config):
                failures.append("optional content: every configuration needs a /Name and no /AS")
                break
    return failures


def _xmp_values(doc) -> dict[str, str] | None:
    """The XMP properties as 'prefix:Name' -> text (first rdf:li for arrays); None if absent."""
    metadata = doc.Root.get("/Metadata")
    if metadata is None:
        return None
    try:
        root = ElementTree.fromstring(metadata.read_bytes())
    except (ElementTree.ParseError, ValueError):
        return {}
    prefixes = {uri: prefix for prefix, uri in NS.items()}
    values: dict[str, str] = {}

    def key(tag: str) -> str | None:
        if not tag.startswith("{"):
            return None
        uri, local = tag[1:].split("}", 1)
        return f"{prefixes[uri]}:{local}" if uri in prefixes else None

    for description in root.iter(f"{{{NS['rdf']}}}Description"):
        for attr, value in description.attrib.items():
            name = key(attr)
            if name and not name.startswith("rdf:"):
                values.setdefault(name, value)
        for child in description:
            name = key(child.tag)
            if not name:
                continue
            items = list(child.iter(f"{{{NS['rdf']}}}li"))
            if items:
                default = [i for i in items if i.get(XML_LANG) == "x-default"] or items
                values.setdefault(name, (default[0].text or "").strip())
            else:
                values.setdefault(name, (child.text or "").strip())
    return values


def _check_info_and_xmp(doc) -> list[str]:
    failures = []
    info = doc.docinfo

    def text(key: str) -> str:
        return str(info.get(key, "")).strip()

    if not text("/Title"):
        failures.append("Info: no /Title")
    created, modified = parse_pdf_date(text("/CreationDate")), parse_pdf_date(text("/ModDate"))
    if not created:
        failures.append("Info: no valid /CreationDate")
    if not modified:
        failures.append("Info: no valid /ModDate")
    trapped = str(info.get("/Trapped", ""))
    if trapped not in ("/True", "/False"):
        failures.append("Info: /Trapped must be /True or /False")
    if "/GTS_PDFXVersion" in info and text("/GTS_PDFXVersion") != PDFX_VERSION:
        failures.append(
            f"Info: /GTS_PDFXVersion is {text('/GTS_PDFXVersion')!r}, not {PDFX_VERSION}"
        )

    xmp = _xmp_values(doc)
    if xmp is None:
        return failures + ["XMP: the catalog has no /Metadata stream"]
    if not xmp:
        return failures + ["XMP: the metadata stream is not well-formed XMP"]
    if xmp.get("pdfxid:GTS_PDFXVersion") != PDFX_VERSION:
        failures.append(f"XMP: pdfxid:GTS_PDFXVersion is not {PDFX_VERSION}")
    for name in ("xmpMM:DocumentID", "xmpMM:VersionID", "xmpMM:RenditionClass"):
        if not xmp.get(name):
            failures.append(f"XMP: no {name}")
    if xmp.get("dc:title", "") != text("/Title"):
        failures.append("XMP: dc:title differs from Info /Title")
    if xmp.get("pdf:Trapped", "") != trapped.lstrip("/"):
        failures.append("XMP: pdf:Trapped differs from Info /Trapped")
    if "pdf:Producer" in xmp and xmp["pdf:Producer"] != text("/Producer"):
        failures.append("XMP: pdf:Producer differs from Info /Producer")
    for prop, when in (("xmp:CreateDate", created), ("xmp:ModifyDate", modified)):
        value = parse_xmp_date(xmp.get(prop, ""))
        if value is None:
            failures.append(f"XMP: no valid {prop}")
        elif when is not None and abs((value - when).total_seconds()) > 1:
            failures.append(f"XMP: {prop} differs from the Info date")
    return failures


def _check_output_intent(doc) -> tuple[list[str], IccProfile | None]:
    pikepdf = _pikepdf()
    intents = [i for i in doc.Root.get("/OutputIntents", []) if str(i.get("/S", "")) == "/GTS_PDFX"]
    if len(intents) != 1:
        return [
            f"output intent: {len(intents)} /GTS_PDFX output intents, PDF/X needs exactly one"
        ], None
    intent = intents[0]
    failures = []
    if not str(intent.get("/OutputConditionIdentifier", "")):
        failures.append("output intent: no /OutputConditionIdentifier")
    if not str(intent.get("/RegistryName", "")) and not str(intent.get("/Info", "")):
        failures.append("output intent: /Info is required for an unregistered condition")
    stream = intent.get("/DestOutputProfile")
    if not isinstance(stream, pikepdf.Stream):
        return failures + [
            "output intent: no embedded /DestOutputProfile (PDF/X-4 embeds it)"
        ], None
    try:
        icc = _parse_icc(stream.read_bytes(), Path("DestOutputProfile"))
    except PdfxError as e:
        return failures + [f"output intent: {e}"], None
    if icc.device_class != "prtr":
        failures.append(
            f"output intent: the profile is '{icc.device_class}', not an output ('prtr') profile"
        )
    if icc.colour_space != "CMYK":
        failures.append(f"output intent: the profile is {icc.colour_space.strip()}, not CMYK")
    if int(stream.get("/N", 0)) != icc.channels:
        failures.append(
            f"output intent: /N {stream.get('/N')} does not match the profile's {icc.channels} channels"
        )
    if icc.version[0] not in (2, 4):
        failures.append(f"output intent: ICC version {icc.version[0]}")
    return failures, icc


def _check_pages(doc) -> list[str]:
    failures = []
    for number, page in enumerate(doc.pages, 1):
        obj = page.obj
        media = _media(page)
        trim, art, bleed = (_box(obj.get(k)) for k in ("/TrimBox", "/ArtBox", "/BleedBox"))
        crop = _box(obj.get("/CropBox"))
        finished = trim or art
        if finished is None:
            failures.append(f"page {number}: no TrimBox")
            continue
        if trim is not None and art is not None:
            failures.append(f"page {number}: both TrimBox and ArtBox (PDF/X allows one)")
        if bleed is None:
            failures.append(f"page {number}: no BleedBox")
        elif not _contains(bleed, finished):
            failures.append(f"page {number}: TrimBox extends beyond the BleedBox")
        for name, box in (("BleedBox", bleed), ("TrimBox", finished), ("CropBox", crop)):
            if box is not None and not _contains(media, box):
                failures.append(f"page {number}: {name} extends beyond the MediaBox")
        if crop is not None and not _contains(crop, finished):
            failures.append(f"page {number}: TrimBox extends beyond the CropBox")
        printed = bleed or finished
        for annot in obj.get("/Annots", []):
            if str(annot.get("/Subtype", "")) in PRINTED_ANNOTS:
                continue
            rect = _box(annot.get("/Rect", [0, 0, 0, 0]))
            if rect and _intersects(rect, printed):
                failures.append(
                    f"page {number}: {annot.get('/Subtype')} annotation inside the printed area"
                )
                break
        if "/AA" in obj:
            failures.append(f"page {number}: additional actions (/AA)")
    return failures


def _check_content(doc, icc: IccProfile | None) -> list[str]:
    """Colour (no RGB anywhere), fonts embedded, no transfer functions or PostScript."""
    pikepdf = _pikepdf()
    found: dict[str, str] = {}  # clause -> first place, so a 16-page file gives one line each

    def note(clause: str, where: str) -> None:
        found.setdefault(clause, where)

    once = _first_time()

    def group(where: str, holder) -> None:
        g = holder.get("/Group")
        if g is not None and _space_is_rgb(g.get("/CS")):
            note("colour: RGB transparency blending space (/Group /CS)", where)

    def resources_of(where: str, resources) -> None:
        if resources is None:
            return
        for name, space in resources.get("/ColorSpace", {}).items():
            if _space_is_rgb(space):
                note("colour: RGB colour space in resources", f"{where} {name}")
        for name, shading in resources.get("/Shading", {}).items():
            if _space_is_rgb(shading.get("/ColorSpace"), resources):
                note("colour: RGB shading", f"{where} {name}")
        for name, pattern in resources.get("/Pattern", {}).items():
            shading = pattern.get("/Shading")
            if shading is not None and _space_is_rgb(shading.get("/ColorSpace"), resources):
                note("colour: RGB shading pattern", f"{where} {name}")
        for name, gstate in resources.get("/ExtGState", {}).items():
            if "/TR" in gstate:
                note("graphics state: transfer function (/TR)", f"{where} {name}")
            if "/TR2" in gstate and str(gstate.TR2) != "/Default":
                note(
                    "graphics state: transfer function (/TR2 other than /Default)",
                    f"{where} {name}",
                )
            if "/HT" in gstate and isinstance(gstate.HT, pikepdf.Dictionary):
                if int(gstate.HT.get("/HalftoneType", 1)) not in (1, 5):
                    note("graphics state: halftone type other than 1 or 5", f"{where} {name}")
            mask = gstate.get("/SMask")
            if isinstance(mask, pikepdf.Dictionary) and "/G" in mask:
                group(f"{where} {name} soft mask", mask.G)
        for name, xobject in resources.get("/XObject", {}).items():
            if not once(xobject):
                continue
            subtype = str(xobject.get("/Subtype", ""))
            if subtype == "/Image":
                if _space_is_rgb(xobject.get("/ColorSpace"), resources):
                    note("colour: RGB image", f"{where} {name}")
                if "/OPI" in xobject:
                    note("images: OPI", f"{where} {name}")
            elif subtype == "/PS" or "/PS" in xobject:
                note("XObjects: PostScript", f"{where} {name}")
            elif subtype == "/Form":
                if "/Ref" in xobject:
                    note("XObjects: reference XObject", f"{where} {name}")
                group(f"{where} {name}", xobject)
        fonts_of(where, resources)

    def fonts_of(where: str, resources) -> None:
        for name, font in resources.get("/Font", {}).items():
            if not once(font):
                continue
            subtype = str(font.get("/Subtype", ""))
            if subtype == "/Type3":
                continue
            target = (
                font.DescendantFonts[0]
                if subtype == "/Type0" and "/DescendantFonts" in font
                else font
            )
            descriptor = target.get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in FONT_FILES):
                note("fonts: not embedded", f"{where} {name} {font.get('/BaseFont', '')}")

    for number, page in enumerate(doc.pages, 1):
        group(f"page {number}", page.obj)
    for where, holder, resources, _in_mask in _streams(doc):
        resources_of(where, resources)
        if not isinstance(holder, pikepdf.Page):
            group(where, holder)
        try:
            instructions = _instructions(holder)
        except (pikepdf.PdfError, TypeError) as e:
            note("content: unreadable content stream", f"{where} ({e})")
            continue
        for operands, operator in instructions:
            op = str(operator)
            if op in ("rg", "RG"):
                note("colour: DeviceRGB colour operator (rg/RG)", where)
            elif op in ("cs", "CS") and operands and _space_is_rgb(operands[0], resources):
                note("colour: RGB colour space set (cs/CS)", where)
            elif op == "INLINE IMAGE":
                image = operands[0]
                space = image.obj.get("/CS", image.obj.get("/ColorSpace"))
                if space is not None and _space_is_rgb(space, resources):
                    note("colour: RGB inline image", where)
            elif op in ("k", "K") and icc is not None and icc.colour_space != "CMYK":
                note("colour: DeviceCMYK without a CMYK output intent", where)
    return [f"{clause} ({where})" for clause, where in found.items()]


# --- ink, for measurements ---------------------------------------------------------------------


def ink_coverage(
    pdf: Path, gs_executable: str | None = None
) -> list[tuple[float, float, float, float]]:
    """Ghostscript's inkcov per page: the fraction of the page each of C, M, Y, K covers."""
    gs = ghostscript(gs_executable)
    done = subprocess.run(
        [
            gs.executable,
            "-q",
            "-dSAFER",
            "-dBATCH",
            "-dNOPAUSE",
            "-sDEVICE=inkcov",
            "-o",
            "-",
            str(pdf),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    rows = []
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[4] == "CMYK":
            c, m, y, k = (float(p) for p in parts[:4])
            rows.append((c, m, y, k))
    if not rows or done.returncode != 0:
        raise PdfxError(f"Ghostscript's inkcov failed on {pdf}: {done.stderr.strip()[-300:]}")
    return rows


def _first_time() -> Callable[[Any], bool]:
    """A filter that is True the first time it sees an indirect object (direct ones: always)."""
    seen: set[tuple[int, int]] = set()

    def first_time(obj) -> bool:
        if not obj.is_indirect:
            return True
        if obj.objgen in seen:
            return False
        seen.add(obj.objgen)
        return True

    return first_time
