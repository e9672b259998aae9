-- The bank's reference schema. Nested parts that are only ever read whole (addresses, customer profiles
-- with their representatives, a contract's terms and schedule, the UK-style standing objects, a payment
-- order) are JSON text; everything a query filters, joins or sums on is a column.

-- +goose Up
CREATE TABLE customers (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    tax_id      TEXT NOT NULL,
    name        TEXT NOT NULL,
    social_name TEXT NOT NULL,
    birth_date  BIGINT NOT NULL,
    email       TEXT NOT NULL,
    phone       TEXT NOT NULL,
    address     TEXT NOT NULL,
    since       BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    profile     TEXT NOT NULL
);
CREATE UNIQUE INDEX customers_tax_id ON customers (tax_id);

-- representatives indexes the people who act for each company, so a user's companies are one lookup;
-- the full Representative records live in the company's profile.
CREATE TABLE representatives (
    person_id  TEXT NOT NULL,
    company_id TEXT NOT NULL,
    PRIMARY KEY (person_id, company_id)
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    login         TEXT NOT NULL,
    customer_id   TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    totp_secret   TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL
);
CREATE UNIQUE INDEX users_login ON users (login);

CREATE TABLE accounts (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    type         TEXT NOT NULL,
    sub_type     TEXT NOT NULL,
    currency     TEXT NOT NULL,
    status       TEXT NOT NULL,
    compe_code   TEXT NOT NULL,
    branch_code  TEXT NOT NULL,
    number       TEXT NOT NULL,
    check_digit  TEXT NOT NULL,
    product_id   TEXT NOT NULL,
    product_name TEXT NOT NULL,
    nickname     TEXT NOT NULL,
    opened_at    BIGINT NOT NULL,
    multi_auth   BOOLEAN NOT NULL,
    card         TEXT NOT NULL,
    per_payment  BIGINT NOT NULL,
    overdraft    BIGINT NOT NULL
);
CREATE INDEX accounts_customer ON accounts (customer_id);

CREATE TABLE balances (
    account_id                TEXT PRIMARY KEY,
    available                 BIGINT NOT NULL,
    blocked                   BIGINT NOT NULL,
    automatically_invested    BIGINT NOT NULL,
    overdraft_limit           BIGINT NOT NULL,
    overdraft_used            BIGINT NOT NULL,
    unarranged_overdraft_used BIGINT NOT NULL,
    currency                  TEXT NOT NULL,
    at                        BIGINT NOT NULL
);

-- The primary key is the statement order, so one index serves both uniqueness and the newest-first
-- pages of an account (ORDER BY booked_at DESC, id DESC), and bulk loads maintain a single index.
CREATE TABLE transactions (
    account_id     TEXT NOT NULL,
    booked_at      BIGINT NOT NULL,
    id             TEXT NOT NULL,
    reference      TEXT NOT NULL,
    credit_debit   TEXT NOT NULL,
    status         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    amount         BIGINT NOT NULL,
    currency       TEXT NOT NULL,
    value_at       BIGINT NOT NULL,
    description    TEXT NOT NULL,
    cp_name        TEXT NOT NULL,
    cp_tax_id      TEXT NOT NULL,
    cp_person_type TEXT NOT NULL,
    cp_compe_code  TEXT NOT NULL,
    cp_branch_code TEXT NOT NULL,
    cp_number      TEXT NOT NULL,
    cp_check_digit TEXT NOT NULL,
    payment_id     TEXT NOT NULL,
    PRIMARY KEY (account_id, booked_at, id)
);

CREATE TABLE contracts (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    kind        TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX contracts_customer ON contracts (customer_id, kind);

CREATE TABLE direct_debits (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX direct_debits_account ON direct_debits (account_id);

CREATE TABLE standing_orders (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX standing_orders_account ON standing_orders (account_id);

CREATE TABLE scheduled_payments (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX scheduled_payments_account ON scheduled_payments (account_id);

CREATE TABLE beneficiaries (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX beneficiaries_account ON beneficiaries (account_id);

CREATE TABLE offers (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX offers_account ON offers (account_id);

CREATE TABLE products (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL
);

CREATE TABLE journals (
    id        TEXT PRIMARY KEY,
    kind      TEXT NOT NULL,
    reference TEXT NOT NULL,
    posted_at BIGINT NOT NULL
);

CREATE TABLE postings (
    journal_id     TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    ledger_account TEXT NOT NULL,
    amount         BIGINT NOT NULL,
    PRIMARY KEY (journal_id, seq)
);
CREATE INDEX postings_account ON postings (ledger_account);

-- consent_id and idempotency_key are unique so two racing executions of one order cannot both insert;
-- an absent idempotency key is NULL, which a unique index lets repeat on both engines.
CREATE TABLE payments (
    id                  TEXT PRIMARY KEY,
    consent_id          TEXT NOT NULL,
    idempotency_key     TEXT,
    debtor_account_id   TEXT NOT NULL,
    amount              BIGINT NOT NULL,
    status              TEXT NOT NULL,
    rejection_reason    TEXT NOT NULL,
    rejection_detail    TEXT NOT NULL,
    journal_id          TEXT NOT NULL,
    internal            BOOLEAN NOT NULL,
    creditor_account_id TEXT NOT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    payment_order       TEXT NOT NULL
);
CREATE UNIQUE INDEX payments_consent ON payments (consent_id);
CREATE UNIQUE INDEX payments_idempotency_key ON payments (idempotency_key);
CREATE INDEX payments_status ON payments (status, updated_at);

CREATE TABLE payment_history (
    payment_id TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    status     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    at         BIGINT NOT NULL,
    PRIMARY KEY (payment_id, seq)
);

-- +goose Down
DROP TABLE payment_history;
DROP TABLE payments;
DROP TABLE postings;
DROP TABLE journals;
DROP TABLE products;
DROP TABLE offers;
DROP TABLE beneficiaries;
DROP TABLE scheduled_payments;
DROP TABLE standing_orders;
DROP TABLE direct_debits;
DROP TABLE contracts;
DROP TABLE transactions;
DROP TABLE balances;
DROP TABLE accounts;
DROP TABLE users;
DROP TABLE representatives;
DROP TABLE customers;
