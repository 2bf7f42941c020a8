"""The Telegram sandbox: an in-process emulator of the Bot API, the person's side of it, an
HTTP face for a bot in another process, and a terminal chat (`inovasi-bot sandbox`). May
import the composition root (to build the bot it runs) and everything below it."""
