"""localstripe for the demo and the tests, completed where it falls short of Stripe.

Run ``python -m payments.localstripe_runner --port 8420 --webhook-url URL
--webhook-secret SECRET``. It serves the fake Stripe API and its stand-in Stripe.js,
and delivers signed webhooks to URL.

localstripe 1.15's stand-in Stripe.js fakes only the 3-D Secure step of
``stripe.confirmCardPayment``: it ignores the card Element, so a card typed into our
checkout never reaches the PaymentIntent. Stripe.js proper sends the card with the
publishable key and the client secret to ``POST /v1/payment_intents/<id>/confirm``.
This runner teaches the stand-in and the fake API exactly that call (as localstripe
already does for ``confirmCardSetup``), so the checkout uses Stripe's own API and
nothing in the shop knows it talks to a fake. Development tooling only: production
never imports this module.
"""

import argparse
import logging
import pickle
import re
from pathlib import Path

from aiohttp import web
from localstripe import resources
from localstripe.errors import UserError
from localstripe.webhooks import register_webhook

logger = logging.getLogger(__name__)

CONFIRM_PATH = "/v1/payment_intents/{id}/confirm"
JS_PATH = "/js.stripe.com/v3/"

# Appended to localstripe's stand-in: confirmCardPayment with a card Element sends
# the card as Stripe.js does; an Element left empty gets Stripe's own message.
STANDIN_JS_ADDITION = """
// Added by payments.localstripe_runner: confirmCardPayment with a card Element.
(function () {
  const makeStripe = Stripe;
  Stripe = (apiKey, options) => {
    const stripe = makeStripe(apiKey, options);
    const authenticate = stripe.confirmCardPayment;
    stripe.confirmCardPayment = async (clientSecret, data) => {
      const card = data && data.payment_method && data.payment_method.card;
      if (!(card instanceof Element)) {
        return authenticate(clientSecret, data);
      }
      if (!card.value || !card.value.card.number) {
        return {error: {type: 'validation_error', code: 'incomplete_number',
                        message: 'Your card number is incomplete.'}};
      }
      const pi = clientSecret.match(/^(pi_\\w+)_secret_/)[1];
      try {
        const response = await fetch(
          `${LOCALSTRIPE_BASE_API}/v1/payment_intents/${pi}/confirm`, {
            method: 'POST',
            body: JSON.stringify({
              key: apiKey,
              client_secret: clientSecret,
              payment_method_data: {type: 'card', card: card.value.card},
            }),
          });
        const body = await response.json().catch(() => ({}));
        if (response.status !== 200 || body.error) {
          return {error: body.error || {message: `HTTP ${response.status}`}};
        }
        if (body.status === 'requires_action') {
          return authenticate(clientSecret);
        }
        return {paymentIntent: body};
      } catch (err) {
        return {error: {message: String(err)}};
      }
    };
    return stripe;
  };
})();
"""


def _confirm_with_card(original):
    """PaymentIntent confirm that also takes the browser's ``client_secret`` and
    ``payment_method_data``, as Stripe's API does."""

    def confirm(id, client_secret=None, payment_method_data=None, **kwargs):
        kwargs.pop("use_stripe_sdk", None)
        if client_secret is not None or payment_method_data is not None:
            intent = resources.PaymentIntent._api_retrieve(id)
            if client_secret != intent.client_secret:
                raise UserError(401, "Unauthorized")
            if payment_method_data is not None:
                if not isinstance(payment_method_data, dict):
                    raise UserError(400, "Bad request")
                if intent.status not in (
                    "requires_payment_method",
                    "requires_confirmation",
                ):
                    raise UserError(400, f"PaymentIntent is {intent.status}")
                method = resources.PaymentMethod(**payment_method_data)
                # A new card after a declined one: Stripe lets the buyer retry.
                intent.payment_method = method.id
                intent.latest_charge = None
                intent._authentication_failed = False
        return original(id, **kwargs)

    return confirm


def _patch_resources(state: Path | None) -> None:
    for index, (method, url, func) in enumerate(resources.extra_apis):
        if method == "POST" and url == CONFIRM_PATH:
            resources.extra_apis[index] = (method, url, _confirm_with_card(func))

    # localstripe keeps its state in one /tmp file shared by every instance on the
    # machine; ours keep it in memory, or in the demo's own file.
    def dump_to_disk(store):
        if state is not None:
            state.write_bytes(pickle.dumps(dict(store)))

    resources.Store.dump_to_disk = dump_to_disk
    resources.store.clear()
    if state is not None and state.exists():
        try:
            resources.store.update(pickle.loads(state.read_bytes()))
        except (pickle.UnpicklingError, EOFError, AttributeError):
            logger.warning("Ignoring unreadable localstripe state in %s", state)


def app_build(*, state: Path | None = None) -> web.Application:
    """localstripe's aiohttp application with the additions above."""
    _patch_resources(state)
    # Imported only now: the server binds its routes to resources.extra_apis.
    from localstripe import server

    with open(Path(resources.__file__).with_name("localstripe-v3.js")) as js:
        standin_js = js.read() + STANDIN_JS_ADDITION
    confirm = re.compile(r"^/v1/payment_intents/\w+/confirm$")

    @web.middleware
    async def auth_middleware(request, handler):
        if request.method == "GET" and request.path == JS_PATH:
            return web.Response(text=standin_js, content_type="application/javascript")
        if request.method == "POST" and confirm.match(request.path):
            # The browser's call: publishable key plus the intent's client secret,
            # checked against the intent in the confirm above.
            data = await server.get_post_data(request, remove_auth=False) or {}
            key = data.get("key")
            if isinstance(key, str) and key.startswith("pk_"):
                if data.get("client_secret"):
                    return await handler(request)
        return await server.auth_middleware(request, handler)

    app = server.app
    app.middlewares[app.middlewares.index(server.auth_middleware)] = auth_middleware
    return app


def main(argv: list[str] | None = None) -> None:
    """Serve localstripe until interrupted (Ctrl-C or SIGTERM)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--webhook-url", help="where to deliver signed events")
    parser.add_argument("--webhook-secret", help="STRIPE_WEBHOOK_SECRET of the shop")
    parser.add_argument(
        "--state", type=Path, help="keep payments across restarts in this file"
    )
    args = parser.parse_args(argv)
    if bool(args.webhook_url) != bool(args.webhook_secret):
        parser.error("--webhook-url and --webhook-secret go together")
    logging.basicConfig(level=logging.INFO, format="localstripe: %(message)s")
    app = app_build(state=args.state)
    if args.webhook_url:
        register_webhook("shop", args.webhook_url, args.webhook_secret, None)
        logger.info("delivering webhooks to %s", args.webhook_url)
    web.run_app(
        app,
        host=args.host,
        port=args.port,
        access_log=logging.getLogger("aiohttp.access"),
        print=None,
    )


if __name__ == "__main__":
    main()
