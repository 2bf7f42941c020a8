"""/dasbor (/dashboard): a button that logs a coordinator in to the web dashboard.

With a public https address (DASHBOARD_URL), the button is Telegram's login button: Telegram
signs the person's id when it is pressed (the domain is linked to the bot with BotFather's
/setdomain). Without one (a local address, the sandbox), the button is a one-time link the bot
signs the same way, valid for a day and only once."""

from __future__ import annotations

from urllib.parse import urlencode

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LoginUrl, Update

from bot.core.policy import Action
from bot.telegram.context import BotContext
from bot.telegram.login import sign_login
from bot.telegram.people import require


def dashboard_address(context: BotContext) -> str | None:
    services = context.services
    settings = services.settings
    if settings.dashboard_url:
        return settings.dashboard_url.rstrip("/")
    if services.dashboard is not None:
        return services.dashboard.address.rstrip("/")
    return None


async def dashboard_command(update: Update, context: BotContext) -> None:
    caller = await require(update, context, Action.REPORT)
    if caller is None:
        return
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    services = context.services
    texts = services.texts
    address = dashboard_address(context)
    if address is None:
        await message.reply_text(texts.text(caller.lang, "dash-not-served"))
        return
    label = texts.text(caller.lang, "dash-button")
    if address.startswith("https://"):
        button = InlineKeyboardButton(label, login_url=LoginUrl(f"{address}/masuk"))
    else:
        token = services.settings.bot_token
        assert token is not None
        # Only what the dashboard needs is signed: who, and when.
        fields = {"id": str(user.id), "auth_date": str(int(services.clock.now().timestamp()))}
        signed = sign_login(fields, token.get_secret_value())
        button = InlineKeyboardButton(label, url=f"{address}/masuk?{urlencode(signed)}")
    await message.reply_text(
        texts.text(caller.lang, "dash-open", address=address),
        reply_markup=InlineKeyboardMarkup([[button]]),
    )
