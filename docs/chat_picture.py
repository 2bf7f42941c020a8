"""Makes docs/chat.png, the README's picture of a chat, from a real run of the bot.

    .venv/bin/python docs/chat_picture.py [OUTPUT.png]

A clerk's submission is typed into the terminal sandbox (`inovasi-bot sandbox`: the real bot
against the in-process Telegram emulator) in a temporary folder; the chats it keeps in
data/sandbox-chats.json (each message as the person last sees it, with its buttons) are drawn
as a simple HTML chat page and photographed with headless Chromium (Debian's `chromium`; with
fonts-noto-color-emoji for the emoji). Questions 4 to 11 are folded into one line so the
picture stays short.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
EXECUTABLE = Path(sys.executable).with_name("inovasi-bot")
START = "2026-12-01 11:00"  # a Tuesday morning: no scheduled reminder falls due in the walk
# What the clerk types; `:N` presses the N-th button of the bot's last message.
SCRIPT = """\
/baru
Posyandu Digital Tanjungsari
:4
:7
:1
:3
:1
Ibu hamil dan balita di desa jauh dari puskesmas; catatan posyandu masih di buku.
Kader mencatat penimbangan di aplikasi; bidan desa memantau dari puskesmas.
Tidak ada balita gizi kurang yang terlewat.
Ibu dan balita di 12 desa; bidan dan kader posyandu.
Agustus 2024
posyandu.sumedangkab.go.id
:foto Kader menimbang balita di Posyandu Melati
:2
:14
:keluar
"""
STYLE = """
body { margin: 0; background: #dfe7ec; font: 14px/1.4 "Liberation Sans", "DejaVu Sans",
       "Noto Color Emoji", sans-serif; color: #111; }
.page { display: flex; gap: 18px; padding: 16px; align-items: flex-start; width: 868px; }
.chat { background: #c9dcc2; border-radius: 10px; overflow: hidden; }
.private { width: 500px; } .group { width: 350px; }
.head { background: #517da2; color: #fff; padding: 9px 14px; font-weight: bold; }
.head small { display: block; font-weight: normal; opacity: .85; }
.messages { padding: 10px; }
.bubble { max-width: 86%; padding: 6px 10px; border-radius: 10px; margin: 6px 0;
          white-space: pre-wrap; overflow-wrap: anywhere; box-shadow: 0 1px 1px #0002; }
.bot { background: #fff; } .person { background: #effdde; margin-left: auto; width: fit-content; }
.photo { display: block; background: #9fb7c9; border-radius: 6px; height: 90px; width: 220px;
         text-align: center; line-height: 90px; font-size: 34px; margin-bottom: 4px; }
.buttons { max-width: 86%; margin: -3px 0 8px; }
.row { display: flex; gap: 3px; margin-top: 3px; }
.row span { flex: 1; text-align: center; background: #0000002e; color: #fff; border-radius: 7px;
            padding: 5px 4px; font-size: 13px; text-shadow: 0 1px 1px #0004; }
.fold { text-align: center; color: #345; font-size: 12px; margin: 10px 0; }
.fold span { background: #ffffff99; border-radius: 10px; padding: 3px 10px; }
"""


def run_sandbox(folder: Path) -> dict:
    """The sandbox, fed the script; returns the chats as it saved them."""
    done = subprocess.run(  # noqa: S603 (our own executable, fixed arguments)
        [str(EXECUTABLE), "sandbox", "--start", START],
        input=SCRIPT, capture_output=True, text=True, cwd=folder, timeout=300, check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(folder)},
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"the sandbox failed:\n{done.stderr}")
    return json.loads((folder / "data" / "sandbox-chats.json").read_text("utf-8"))


def bubble(message: dict) -> str:
    from_bot = message["html"] is not None or message["sender"] == 123456789
    body = message["html"] or html.escape(message["text"] or message["caption"] or "")
    if message["photo"]:
        body = f'<span class="photo">📷</span>{body}'
    parts = [f'<div class="bubble {"bot" if from_bot else "person"}">{body}</div>']
    rows = (message["reply_markup"] or {}).get("inline_keyboard", [])
    if rows:
        cells = (
            '<div class="row">'
            + "".join(f"<span>{html.escape(b['text'])}</span>" for b in row)
            + "</div>"
            for row in rows
        )
        parts.append(f'<div class="buttons">{"".join(cells)}</div>')
    return "".join(parts)


def question(message: dict) -> int:
    """The number of the form's question a message asks ("Pertanyaan 4 dari 12"), else 0."""
    text = message["text"] or ""
    marker = text.rfind("Pertanyaan ")
    return int(text[marker:].split()[1]) if marker >= 0 and message["html"] else 0


def private_chat(messages: list[dict]) -> str:
    """Every message, those from question 4 up to the evidence question (12) folded."""
    numbers = [question(message) for message in messages]
    first, last = numbers.index(4), numbers.index(12)
    fold = '<div class="fold"><span>⋯ pertanyaan 4 sampai 11 ⋯</span></div>'
    return "".join(
        [bubble(m) for m in messages[:first]] + [fold] + [bubble(m) for m in messages[last:]]
    )


def page(chats: dict) -> str:
    person = next(chat for chat in chats["chats"] if chat["type"] == "private" and chat["messages"])
    group = next(chat for chat in chats["chats"] if chat["type"] != "private")
    return f"""<!doctype html><meta charset="utf-8"><style>{STYLE}</style>
<div class="page">
 <div class="chat private"><div class="head">Inovasi Bot<small>obrolan pribadi Siti Rahmawati,
   staf Dinas Kesehatan</small></div>
   <div class="messages">{private_chat(person["messages"])}</div></div>
 <div class="chat group"><div class="head">{html.escape(group["title"])}<small>grup koordinator,
   sesudah 📤 Kirim</small></div>
   <div class="messages">{"".join(bubble(m) for m in group["messages"])}</div></div>
</div>"""


def screenshot(source: Path, target: Path) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("Chromium is needed: apt-get install chromium fonts-noto-color-emoji")
    subprocess.run(  # noqa: S603 (Debian's Chromium, fixed arguments)
        [chromium, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--hide-scrollbars", f"--screenshot={target}",
         "--window-size=900,2400", source.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    with Image.open(target) as shot:
        picture = shot.convert("RGB")
    background = picture.getpixel((picture.width - 1, picture.height - 1))
    bottom = picture.height
    while bottom > 1 and all(
        picture.getpixel((x, bottom - 1)) == background for x in range(0, picture.width, 4)
    ):
        bottom -= 1
    picture = picture.crop((0, 0, picture.width, bottom + 16))
    picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "chat.png").resolve()
    with tempfile.TemporaryDirectory() as folder:
        chats = run_sandbox(Path(folder))
        source = Path(folder) / "chat.html"
        source.write_text(page(chats), "utf-8")
        screenshot(source, target)
    print(f"{target}: {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
