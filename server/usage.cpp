#include "usage.hpp"

namespace slotpay::server {

const char* server_usage() {
  return R"(slotpay-server [migrate|check-db] [flags]
  --listen HOST:PORT        listen address (env SLOTPAY_LISTEN; default 127.0.0.1:8080; port 0 = any)
  --metrics-listen HOST:PORT  serve /metrics there only, without the admin token (an operator's
                            address); without it /metrics is on --listen behind ADMIN_TOKEN
  --db PATH|URL             SQLite file, or postgresql://... (env SLOTPAY_DATABASE_URL, SLOTPAY_DB;
                            default slotpay.db)
  --db-pool N               PostgreSQL write connections (default 8; reads: half, at least 2)
  --db-statement-timeout-ms N  PostgreSQL statement timeout, lock waits included (default 5000)
  --work-lease-ms N         how long a work claim lasts before another instance may take it
                            over (default 120000)
  --instance-id NAME        this instance's name in work claims (default: random)
  --hold-minutes N          slot hold before payment (default 10)
  --hold-seconds N          the same in seconds (tests)
  --first-hold-seconds N    a new booking's first hold, extended to the full hold when the
                            widget reaches the pay step (default 180; 0 = the full hold at once)
  --confirm-hold-seconds N  how long a free or external-payment booking holds its seats while
                            it waits for the customer's email confirmation (default 1800)
  --pay-link-days N         how long a pay-by-link link can be paid (default 7)
  --pay-link-seconds N      the same in seconds (tests)
  --stripe-api-base URL     (env STRIPE_API_BASE; default https://api.stripe.com)
  --stripe-timeout-ms N     per Stripe attempt: request sent and response read (default 30000)
  --stripe-max-connections N  open connections to Stripe at most (default 1024)
  --stripe-ca-file FILE     CA certificates to verify Stripe with (default: the system's)
  --seed-merchant FILE      upsert the merchant of this catalog file at startup
  --seed-owner EMAIL        an owner user for the seeded merchant (created when absent);
                            its password from SLOTPAY_SEED_OWNER_PASSWORD
  --stripe-account ACCT     the seeded merchant's connected account (acct_...)
  --master-key-file FILE    the key merchants' Stripe secrets are sealed with (env
                            SLOTPAY_MASTER_KEY; 64 hex digits or base64 of 32 bytes); without
                            one, API-key mode is refused, and the server does not start when
                            live secrets are stored
  --connect-dashboard TYPE  new connected accounts' dashboard: full (default) or express
  --allowed-origin ORIGIN   a widget origin for the seeded merchant (repeatable)
  --platform-fee BPS[:FIXED] the platform fee of merchants the operator set none for
                            (basis points, fixed minor units; default 0)
  --booking-rate N          booking creations per minute per client and merchant (default 30; 0 = off)
  --booking-burst N         burst for the above (default 10)
  --trusted-proxy CIDR      a proxy (IPv4 or IPv6 address or network, repeatable) whose
                            X-Forwarded-For / Forwarded names the client (default: none)
  --read-rate N             availability and status requests per minute per client (default 300)
  --cancel-rate N           cancel requests per minute per client (default 20)
  --webhook-rate N          webhook requests per minute per client (default 1200)
  --admin-rate N            admin requests per minute per client (default 120; 0 = off for each)
  --max-holds-per-client N  live holds (awaiting online payment) per client address (IPv6: /64)
                            and merchant (default 5; 0 = no cap)
  --max-holds-per-email N   live holds per customer email and merchant (default 3; 0 = no cap)
  --max-holds-per-merchant N  live holds per merchant in all (default 200; 0 = no cap)
  --threads N               io threads (default: hardware cores, at least 2)
  --file-threads N          threads that read static files from disk (default 2)
  --max-connections N       open connections in all (default 10000)
  --max-client-connections N  open connections per client address (default 1024)
  --idle-timeout-ms N       keep-alive wait for the next request (default 30000)
  --shutdown-grace-ms N     on SIGTERM, how long requests in flight may finish (default 10000)
  --maintenance-ms N        hold expiry pass period (default 2000)
  --web-dist DIR            widget files served at / (default web/dist)
  --examples DIR            served at /examples with --demo (default examples)
  --demo                    serve the example pages (/examples, with the demo's ?stripe= override)
  --test-clock-offset-s N   tests only (needs --demo): the server's clock runs N seconds ahead
                            and allow the local Stripe.js double (http://127.0.0.1:*) in
                            embed.html's CSP; never in production
  --smtp-url URL            smtp://host[:port] or smtps://host[:port] (env SMTP_URL): the outbox's
                            emails are sent there; unset: they stay in the outbox (with --demo:
                            shown at /demo/outbox)
  --public-url URL          the server's public base URL, for the manage links in emails
                            (env SLOTPAY_PUBLIC_URL; default http://HOST:PORT of --listen)
  --mail-interval-ms N      outbox worker period (default 1000)
  --mail-retry-s N          first retry delay after a temporary SMTP failure, doubling up to an
                            hour (default 60)
  --allow-loopback-webhooks merchants' webhook endpoints may be http://127.0.0.1 or localhost
                            (tests and the demo; never in production)
  --webhook-retry-scale X   tests and demo only (needs --demo): webhook retry delays and the
                            3-day give-up multiplied by X in (0, 1]
  --webhook-ca-file FILE    CA bundle for webhook endpoints' TLS (default: the system's)
  --quiet                   no per-request log lines
Environment: STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET (required),
ADMIN_TOKEN (at least 32 characters; enables /v1/admin/* and /metrics), SMTP_FROM (the sending
address; required with an SMTP URL), SMTP_USERNAME, SMTP_PASSWORD, SMTP_CA_FILE, SLOTPAY_MASTER_KEY (hex or base64url, at least 32
bytes: signs the manage links; unset: a random key, links end with the process).
)";
}

}  // namespace slotpay::server
